//! Direct quotes and who said them.
