//! Rules that depend on when the contract was concluded: the law in force when the
//! obligation arose governs it.
//!
//! - Germany, EGBGB Art. 229 § 34: BGB §§ 286, 288 as amended on 29 July 2014 (9 points
//!   over the base rate between businesses, the EUR 40 Pauschale of § 288(5)) apply only
//!   to obligations arising after 28 July 2014; earlier ones keep 8 points and no
//!   Pauschale. (A continuing obligation, *Dauerschuldverhältnis*, comes under the new
//!   law for performance after 30 June 2016: a host passes no contract date for it.)
//! - Belgium, law of 2 August 2002 as amended by the law of 22 November 2013 (art. 14,
//!   second paragraph): contracts concluded before 16 March 2013 keep the former rate
//!   (ECB + 7 points, rounded up to the next half point) until 15 March 2015; from
//!   16 March 2015 every contract bears the current rate.
//!
//! Without a contract date the due date stands in for it: a contract is concluded no
//! later than its invoice falls due, so only contracts concluded before a cut-off whose
//! invoice falls due after it need the date.

use super::claim::Claim;
use super::regime::Regime;
use chrono::NaiveDate;

/// First day of the German late-payment reform (EGBGB Art. 229 § 34: obligations arising
/// after 28 July 2014).
pub(crate) const DE_REFORM: NaiveDate = day(2014, 7, 29);
/// Contracts concluded from this day come under the Belgian law of 22 November 2013.
pub(crate) const BE_REFORM: NaiveDate = day(2013, 3, 16);
/// From this day every Belgian contract bears the current rate (art. 14, second paragraph).
pub(crate) const BE_TRANSITION_END: NaiveDate = day(2015, 3, 16);

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The contract date a claim is judged by: its own, else its due date.
pub(crate) fn contract_date(claim: &Claim) -> NaiveDate {
    claim.contract_date.unwrap_or(claim.due_date)
}

/// The German B2B margin over the base rate: 9 points (BGB 288(2) since 29 July 2014),
/// 8 for obligations arising before (EGBGB Art. 229 § 34).
pub(crate) fn de_b2b_margin(contract: NaiveDate) -> i64 {
    if contract < DE_REFORM { 8 } else { 9 }
}

/// Whether the regime's fixed sum is owed under the law of the contract's date: not the
/// German Pauschale (BGB 288(5)) on obligations arising before 29 July 2014.
pub(crate) fn fixed_sum_applies(regime: Regime, contract: NaiveDate) -> bool {
    !(regime == Regime::DeB2b && contract < DE_REFORM)
}

/// Whether a Belgian claim on `on` still bears the former rate (contract before 16 March
/// 2013, day before 16 March 2015).
pub(crate) fn be_former_rate(regime: Regime, contract: NaiveDate, on: NaiveDate) -> bool {
    matches!(regime, Regime::BeB2b | Regime::BeConsumer)
        && contract < BE_REFORM
        && on < BE_TRANSITION_END
}

/// The next day after `from` on which the law of the claim changes within a half-year
/// (the end of the Belgian transition), if any.
pub(crate) fn next_change(
    regime: Regime,
    contract: NaiveDate,
    from: NaiveDate,
) -> Option<NaiveDate> {
    be_former_rate(regime, contract, from).then_some(BE_TRANSITION_END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_offs_are_the_statutory_days() {
        assert_eq!(DE_REFORM.to_string(), "2014-07-29");
        assert_eq!(BE_REFORM.to_string(), "2013-03-16");
        assert_eq!(BE_TRANSITION_END.to_string(), "2015-03-16");
        // EGBGB 229 § 34: "nach dem 28. Juli 2014 entstanden".
        assert_eq!(de_b2b_margin(day(2014, 7, 28)), 8);
        assert_eq!(de_b2b_margin(day(2014, 7, 29)), 9);
        assert!(!fixed_sum_applies(Regime::DeB2b, day(2014, 7, 28)));
        assert!(fixed_sum_applies(Regime::DeB2b, day(2014, 7, 29)));
        assert!(fixed_sum_applies(Regime::FrB2b, day(2010, 1, 1)));
        let old = day(2013, 3, 15);
        assert!(be_former_rate(Regime::BeB2b, old, day(2015, 3, 15)));
        assert!(!be_former_rate(Regime::BeB2b, old, day(2015, 3, 16)));
        assert!(!be_former_rate(Regime::BeB2b, BE_REFORM, day(2014, 1, 1)));
        assert_eq!(
            next_change(Regime::BeB2b, old, day(2015, 1, 1)),
            Some(BE_TRANSITION_END)
        );
        assert_eq!(next_change(Regime::DeB2b, old, day(2015, 1, 1)), None);
    }
}
