pub mod check;
pub mod export;
pub mod import;
pub mod migrate_data;
pub mod reindex;
pub mod serve;
pub mod token;
pub mod user;
