pub mod import;
pub mod serve;
