//! Pure analysis over plain data: no UI, no threads. Shared by the headless
//! commands and the terminal app.

pub mod curves;
pub mod metrics;
