//! Proves issue 7, "types at the boundaries": what a host stores or configures is checked
//! once, when it is loaded, and errors name the bad value. A customer's time zone and
//! dunning mode are typed; data written with the former `manual_mode` / `excluded` flags
//! still loads, and contradicting flags are refused. Languages, customer kinds, dunning
//! modes and currencies parse from exactly their serde names. A scenario giving a customer,
//! invoice or ladder id twice, or an unknown time zone, is refused on load naming it.

use relance::scenario::ScenarioCustomer;
use relance::{Customer, DunningMode};

/// A stored customer, with `extra` fields spliced in.
fn customer_json(extra: &str) -> String {
    format!(
        r#"{{"id": "C-1", "name": "Acme", "kind": "business", "country": "FR",
            "language": "fr", "time_zone": "Europe/Paris"{extra}}}"#
    )
}

#[test]
fn a_customer_with_an_unknown_time_zone_does_not_load_and_the_error_names_the_zone() {
    let json = customer_json("").replace("Europe/Paris", "Europe/Pariss");
    let e = serde_json::from_str::<Customer>(&json).expect_err("refused");
    assert!(
        e.to_string()
            .contains("unknown time zone \"Europe/Pariss\""),
        "{e}"
    );
    let e = serde_json::from_str::<ScenarioCustomer>(&json).expect_err("refused");
    assert!(e.to_string().contains("Europe/Pariss"), "{e}");
}

#[test]
fn a_customer_round_trips_with_its_zone_and_mode_by_name() {
    let c: Customer = serde_json::from_str(&customer_json(r#", "mode": "excluded""#)).unwrap();
    assert_eq!(c.time_zone, relance::Zone::EUROPE_PARIS);
    assert_eq!(c.mode, DunningMode::Excluded);
    let value = serde_json::to_value(&c).unwrap();
    assert_eq!(value["time_zone"], "Europe/Paris");
    assert_eq!(value["mode"], "excluded");
    assert!(value.get("manual_mode").is_none() && value.get("excluded").is_none());
    assert_eq!(serde_json::from_value::<Customer>(value).unwrap(), c);
}

#[test]
fn the_legacy_flags_give_the_mode_of_customers_stored_before_it_existed() {
    let mode = |extra: &str| {
        let c: Customer = serde_json::from_str(&customer_json(extra)).expect("loads");
        let s: ScenarioCustomer = serde_json::from_str(&customer_json(extra)).expect("loads");
        assert_eq!(
            s.to_customer().mode,
            c.mode,
            "scenario and store agree on {extra}"
        );
        c.mode
    };
    assert_eq!(mode(""), DunningMode::Automatic);
    assert_eq!(
        mode(r#", "manual_mode": false, "excluded": false"#),
        DunningMode::Automatic
    );
    assert_eq!(mode(r#", "manual_mode": true"#), DunningMode::Manual);
    assert_eq!(mode(r#", "excluded": true"#), DunningMode::Excluded);
    // Both flags: excluded is the stronger, and neither was dunned automatically before.
    assert_eq!(
        mode(r#", "manual_mode": true, "excluded": true"#),
        DunningMode::Excluded
    );
    // A mode agreeing with the flags, or with flags left false, is fine.
    assert_eq!(
        mode(r#", "mode": "manual", "manual_mode": true"#),
        DunningMode::Manual
    );
    assert_eq!(
        mode(r#", "mode": "manual", "excluded": false"#),
        DunningMode::Manual
    );
}

#[test]
fn a_mode_contradicting_a_legacy_flag_is_refused_naming_the_customer_and_both_modes() {
    for extra in [
        r#", "mode": "automatic", "excluded": true"#,
        r#", "mode": "manual", "excluded": true"#,
        r#", "mode": "excluded", "manual_mode": true"#,
    ] {
        let e = serde_json::from_str::<Customer>(&customer_json(extra)).expect_err(extra);
        assert!(e.to_string().contains("customer C-1: mode "), "{e}");
        assert!(e.to_string().contains("legacy flags"), "{e}");
        assert!(serde_json::from_str::<ScenarioCustomer>(&customer_json(extra)).is_err());
    }
    let e = serde_json::from_str::<Customer>(&customer_json(r#", "mode": "paused""#))
        .expect_err("unknown mode");
    assert!(e.to_string().contains("paused"), "{e}");
}

#[test]
fn only_an_automatic_customer_is_dunned_automatically() {
    let mut c: Customer = serde_json::from_str(&customer_json("")).unwrap();
    assert!(c.is_dunned_automatically());
    for mode in [DunningMode::Manual, DunningMode::Excluded] {
        c.mode = mode;
        assert!(!c.is_dunned_automatically(), "{mode}");
    }
}

/// `value` serialises to a JSON string that `FromStr` parses back to `value`.
fn serde_name_parses_back<T>(value: T)
where
    T: serde::Serialize + std::str::FromStr + PartialEq + std::fmt::Debug,
    T::Err: std::fmt::Debug,
{
    let json = serde_json::to_value(&value).unwrap();
    let name = json.as_str().expect("serialised as a string");
    assert_eq!(name.parse::<T>().expect(name), value);
}

/// `text` is refused by `FromStr` and by serde alike, both errors naming it.
fn refused_by_both<T>(text: &str)
where
    T: serde::de::DeserializeOwned + std::str::FromStr + std::fmt::Debug,
    T::Err: std::fmt::Display,
{
    let e = text.parse::<T>().expect_err(text);
    assert!(e.to_string().contains(text), "{e}");
    let e = serde_json::from_value::<T>(serde_json::Value::from(text)).expect_err(text);
    assert!(e.to_string().contains(text), "{e}");
}

#[test]
fn serde_names_and_from_str_agree_for_languages_kinds_modes_and_currencies() {
    use relance::{Currency, CustomerKind, Language};
    for l in [Language::Fr, Language::En, Language::De, Language::Nl] {
        serde_name_parses_back(l);
        assert_eq!(l.to_string(), l.code());
    }
    for k in [
        CustomerKind::Business,
        CustomerKind::Consumer,
        CustomerKind::Public,
    ] {
        serde_name_parses_back(k);
        assert_eq!(k.to_string(), k.as_str());
    }
    for m in [
        DunningMode::Automatic,
        DunningMode::Manual,
        DunningMode::Excluded,
    ] {
        serde_name_parses_back(m);
        assert_eq!(m.to_string(), m.as_str());
    }
    for c in [
        Currency::EUR,
        Currency::GBP,
        Currency::USD,
        Currency::CHF,
        Currency::JPY,
    ] {
        serde_name_parses_back(c);
    }
    assert_eq!("TND".parse::<Currency>().unwrap().minor_unit(), 3);
    refused_by_both::<Language>("FR");
    refused_by_both::<Language>("it");
    refused_by_both::<CustomerKind>("Business");
    refused_by_both::<DunningMode>("paused");
    refused_by_both::<Currency>("XYZ");
    refused_by_both::<Currency>("eur");
}

#[test]
fn decimal_is_reachable_from_the_crate_root() {
    let fee: relance::Decimal = "15.00".parse().unwrap();
    assert_eq!(fee, rust_decimal_macros::dec!(15.00));
}

/// A scenario of one ladder, customer and invoice, with `customers`, `invoices` and
/// `ladders` appended to the lists.
fn scenario(ladders: &str, customers: &str, invoices: &str) -> String {
    format!(
        r#"{{"start": "2025-01-01", "end": "2025-03-31",
  "ladders": [{{"id": "std", "steps": [
    {{"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]}}]}}
    {ladders}],
  "customers": [{{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}}
    {customers}],
  "invoices": [{{"id": "I1", "customer": "C1", "currency": "EUR",
    "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}}
    {invoices}]}}"#
    )
}

fn load(json: &str) -> Result<relance::scenario::Simulation, relance::Error> {
    let scenario: relance::scenario::Scenario = serde_json::from_str(json).expect("parses");
    relance::scenario::Simulation::new(&scenario)
}

#[test]
fn a_scenario_without_duplicates_loads() {
    assert!(load(&scenario("", "", "")).is_ok());
}

#[test]
fn a_scenario_giving_a_customer_id_twice_is_refused_naming_it() {
    // Before, the second customer silently replaced the first.
    let twice = r#", {"id": "C1", "name": "Other", "kind": "consumer", "country": "BE",
        "language": "nl", "time_zone": "Europe/Brussels"}"#;
    let e = load(&scenario("", twice, "")).err().expect("refused");
    assert_eq!(
        e,
        relance::Error::DuplicateCustomer {
            customer: "C1".into()
        }
    );
    assert_eq!(e.to_string(), "customer C1: defined twice");
}

#[test]
fn a_scenario_giving_an_invoice_id_twice_is_refused_naming_it() {
    let twice = r#", {"id": "I1", "customer": "C1", "currency": "EUR",
        "issue_date": "2025-01-05", "due_date": "2025-02-05", "amount": "50.00"}"#;
    let e = load(&scenario("", "", twice)).err().expect("refused");
    assert_eq!(
        e,
        relance::Error::DuplicateInvoice {
            invoice: "I1".into()
        }
    );
}

#[test]
fn a_scenario_giving_a_ladder_id_twice_is_refused_naming_it() {
    let twice = r#", {"id": "std", "steps": [
        {"name": "letter", "stage": "amicable", "offset_days": 10, "channels": ["letter"]}]}"#;
    let e = load(&scenario(twice, "", "")).err().expect("refused");
    assert_eq!(e.to_string(), "ladder std: defined twice");
}

#[test]
fn a_scenario_with_an_unknown_time_zone_is_refused_on_load_naming_it() {
    let json = scenario("", "", "").replace("Europe/Paris", "Europe/Lutece");
    let e = serde_json::from_str::<relance::scenario::Scenario>(&json).expect_err("refused");
    assert!(
        e.to_string()
            .contains("unknown time zone \"Europe/Lutece\""),
        "{e}"
    );
}
