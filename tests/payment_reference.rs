//! Scenario tests for payment references: published valid and invalid examples, and
//! generation round-tripping through validation.

use proptest::prelude::*;
use relance::{PaymentReferenceError, RfCreditorReference, StructuredCommunication};

// Published RF creditor references:
// - RF18539007547034 / "RF18 5390 0754 7034": the ISO 11649 example, reproduced in bank and
//   e-invoicing guides (e.g. swissdigin.com glossary "Creditor Reference").
// - RF712348231: XMLdation wiki, RBS Access Online rules, "RFCreditorReference".
const RF_VALID: &[&str] = &[
    "RF18539007547034",
    "RF18 5390 0754 7034",
    "RF712348231",
    "RF71 2348 231",
];

#[test]
fn published_rf_references_validate() {
    for v in RF_VALID {
        let rf = RfCreditorReference::parse(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(rf.as_str(), v.replace(' ', ""));
    }
    let rf = RfCreditorReference::from_reference("539007547034").unwrap();
    assert_eq!(rf.as_str(), "RF18539007547034");
    assert_eq!(rf.print_form(), "RF18 5390 0754 7034");
    assert_eq!(
        RfCreditorReference::from_reference("2348231")
            .unwrap()
            .as_str(),
        "RF712348231"
    );
}

#[test]
fn altered_rf_references_are_rejected() {
    // One digit changed, two digits swapped, wrong check digits, wrong prefix.
    for v in [
        "RF18539007547035",
        "RF18539007574034",
        "RF19 5390 0754 7034",
        "RF00539007547034",
        "RF99539007547034",
        "RE18539007547034",
        "RF18 5390-0754-7034",
        "RF181234567890123456789012",
        "",
    ] {
        assert!(
            RfCreditorReference::parse(v).is_err(),
            "{v} should be invalid"
        );
    }
}

#[test]
fn rf_serde_is_the_electronic_form_and_validates() {
    let rf = RfCreditorReference::parse("RF18 5390 0754 7034").unwrap();
    assert_eq!(serde_json::to_string(&rf).unwrap(), "\"RF18539007547034\"");
    let e = serde_json::from_str::<RfCreditorReference>("\"RF19539007547034\"").unwrap_err();
    assert!(e.to_string().contains("RF19539007547034"), "{e}");
}

// Published Belgian structured communications:
// - +++012/3456/78939+++ and +++085/1927/54115+++ (valid) and +++012/3456/78900+++ (invalid):
//   indriApollo/BelgianStructuredCommunication README.
// - +++000/0000/00097+++: hackage "belgian-structured-communication" README (the lowest one;
//   0 mod 97 = 0 gives check digits 97).
// - +++312401398067+++: XMLdation wiki, ABBL reference rules (12 digits between +++).
#[test]
fn published_structured_communications_validate() {
    for (v, base, check) in [
        ("+++012/3456/78939+++", 123_456_789u64, 39u8),
        ("+++085/1927/54115+++", 851_927_541, 15),
        ("+++ 085 / 1927 / 54115 +++", 851_927_541, 15),
        ("+++000/0000/00097+++", 0, 97),
        ("+++312401398067+++", 3_124_013_980, 67),
        ("***312/4013/98067***", 3_124_013_980, 67),
        ("312401398067", 3_124_013_980, 67),
    ] {
        let sc = StructuredCommunication::parse(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!((sc.base_number(), sc.check_digits()), (base, check), "{v}");
    }
    assert_eq!(
        StructuredCommunication::from_number(3_124_013_980)
            .unwrap()
            .to_string(),
        "+++312/4013/98067+++"
    );
}

#[test]
fn invalid_structured_communications_are_rejected_by_name() {
    let e = StructuredCommunication::parse("+++012/3456/78900+++").unwrap_err();
    assert_eq!(
        e,
        PaymentReferenceError::BadCheckDigits {
            value: "+++012/3456/78900+++".into(),
            expected: "39".into(),
            found: "00".into()
        }
    );
    // 0 mod 97 is written 97, never 00.
    assert!(StructuredCommunication::parse("+++000/0000/00000+++").is_err());
    assert!(StructuredCommunication::parse("+++097/0000/00000+++").is_err());
    assert!(StructuredCommunication::parse("+++012/3456/789391+++").is_err());
    let e =
        serde_json::from_str::<StructuredCommunication>("\"+++085/1927/54116+++\"").unwrap_err();
    assert!(e.to_string().contains("+++085/1927/54116+++"), "{e}");
}

fn reference_part() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{1,21}"
}

proptest! {
    #[test]
    fn rf_generation_round_trips_in_both_forms(reference in reference_part()) {
        let rf = RfCreditorReference::from_reference(&reference).unwrap();
        prop_assert_eq!(rf.reference(), reference.to_ascii_uppercase());
        prop_assert_eq!(RfCreditorReference::parse(rf.as_str()).unwrap(), rf.clone());
        prop_assert_eq!(RfCreditorReference::parse(&rf.print_form()).unwrap(), rf.clone());
        let json = serde_json::to_string(&rf).unwrap();
        prop_assert_eq!(serde_json::from_str::<RfCreditorReference>(&json).unwrap(), rf.clone());
        let check: u32 = rf.check_digits().parse().unwrap();
        prop_assert!((2..=98).contains(&check));
    }

    #[test]
    fn rf_single_digit_change_is_detected(reference in "[0-9]{1,21}", pos in 0usize..21, delta in 1u8..10) {
        let rf = RfCreditorReference::from_reference(&reference).unwrap();
        let mut bytes = rf.as_str().as_bytes().to_vec();
        let i = 4 + pos % reference.len();
        bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
        let altered = String::from_utf8(bytes).unwrap();
        prop_assert!(RfCreditorReference::parse(&altered).is_err(), "{} accepted", altered);
    }

    #[test]
    fn structured_communication_round_trips(n in 0u64..=9_999_999_999) {
        let sc = StructuredCommunication::from_number(n).unwrap();
        prop_assert_eq!(StructuredCommunication::parse(&sc.to_string()).unwrap(), sc);
        prop_assert_eq!(StructuredCommunication::parse(&sc.digits()).unwrap(), sc);
        prop_assert_eq!(sc.base_number(), n);
        let json = serde_json::to_string(&sc).unwrap();
        prop_assert_eq!(serde_json::from_str::<StructuredCommunication>(&json).unwrap(), sc);
        prop_assert!((1..=97).contains(&sc.check_digits()));
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let _ = RfCreditorReference::parse(&s);
        let _ = StructuredCommunication::parse(&s);
    }
}
