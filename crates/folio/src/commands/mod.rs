pub mod export;
pub mod import;
pub mod reindex;
pub mod serve;
pub mod user;
