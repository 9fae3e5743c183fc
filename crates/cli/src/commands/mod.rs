//! One module per subcommand.

pub mod add;
pub mod add_progress;
pub mod brief;
pub mod cluster;
pub mod database;
pub mod db;
pub mod extract;
pub mod feed;
pub mod model;
pub mod pairs;
pub mod search;
pub mod serve;
pub mod show;
pub mod stories;
pub mod tone;
pub mod verify;
pub mod watch;
