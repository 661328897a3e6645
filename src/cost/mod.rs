//! Cost: offline, itemised monthly estimates from a shipped table of real published prices.

pub mod layer;
pub mod table;
