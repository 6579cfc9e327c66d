//! Tools for hosts to test their integration (feature `testing`): fault-injecting
//! wrappers for any [`Store`](crate::Store) and [`Delivery`](crate::Delivery), the
//! [`store_conformance`] suite a host runs from its own tests to prove its store keeps the
//! contract documented on [`Store`](crate::Store), and a seeded simulator with an auditor
//! ([`Campaign`]) that plays a random year of dunning through any store under faults and
//! crashes.
//!
//! The in-memory reference implementations, [`MemoryStore`](crate::memory::MemoryStore)
//! and [`RecordingDelivery`](crate::memory::RecordingDelivery), are in
//! [`memory`](crate::memory), available without the feature (the scenario player uses
//! them).
//!
//! ```toml
//! [dev-dependencies]
//! relance = { version = "0.1", features = ["testing"] }
//! ```
//!
//! # Example: a host's store against the contract
//! ```
//! use relance::memory::MemoryStore;
//! use relance::testing::store_conformance;
//! // In the host's tests, with its own store in place of MemoryStore:
//! store_conformance(|customers, invoices| {
//!     let mut s = MemoryStore::new();
//!     for c in customers { s.add_customer(c.clone()); }
//!     for i in invoices { s.add_invoice(i.clone()).expect("valid fixture"); }
//!     s
//! }).unwrap();
//! ```

mod conformance;
mod faults;
mod rng;
mod simulator;

pub use conformance::{
    CONFORMANCE_CHECKS, ConformanceFailure, conformance_fixture, store_conformance,
};
pub use faults::{Fault, FaultPlan, FaultyDelivery, FaultyStore, Injected, StoreCall};
pub use rng::SeededRng;
pub use simulator::{AuditFailure, Campaign, CampaignReport, SimWorld};
