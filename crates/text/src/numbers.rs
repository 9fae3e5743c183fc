//! Numbers, money amounts and other quantities, normalised so that different spellings compare equal.
