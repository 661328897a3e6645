//! Cost: offline, itemised monthly estimates from a shipped table of real published prices.

mod analytics;
pub mod budget;
pub mod bundle;
pub mod compare;
pub mod estimate;
pub mod layer;
mod modules;
mod registry;
pub mod report;
pub mod resources;
pub mod table;
pub mod usage;

#[cfg(test)]
mod tests;
