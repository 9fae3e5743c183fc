//! One module per subcommand.

pub mod brief;
pub mod cluster;
pub mod extract;
pub mod tone;
pub mod verify;
