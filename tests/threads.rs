//! `Dunning::with_threads`: a plan sharded over threads is the plan of one thread, byte
//! for byte.

use proptest::prelude::*;
use relance::testing::SimWorld;
use relance::*;

fn portfolio(seed: u64, customers: usize) -> (SimWorld, Vec<CustomerAccounts>) {
    let world = SimWorld::generate(seed, customers, "2025-01-01".parse().unwrap(), 365);
    let mut out: Vec<CustomerAccounts> = world
        .customers
        .iter()
        .map(|c| CustomerAccounts {
            customer: c.clone(),
            accounts: world
                .invoices
                .iter()
                .filter(|i| i.customer == c.id)
                .map(|i| Account::open(i.clone()).unwrap())
                .collect(),
        })
        .collect();
    // Hosts do not always hand customers over in id order.
    out.reverse();
    (world, out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn a_plan_is_the_same_whatever_the_thread_count(seed in 0u64..1_000, threads in 2usize..9, day in 0u64..300) {
        let (world, portfolio) = portfolio(seed, 1_500);
        let on = world.start + chrono::Days::new(day);
        let one = Dunning::new(world.book.clone(), world.policy.clone()).unwrap();
        let many = one.clone().with_threads(threads);
        let a = serde_json::to_string(&one.plan(on, &portfolio)).unwrap();
        let b = serde_json::to_string(&many.plan(on, &portfolio)).unwrap();
        prop_assert!(a.len() > 1_000, "the plan should hold actions: {}", a.len());
        prop_assert_eq!(a, b);
    }
}
