//! Legal mentions by country, debtor kind and tone. The periods they print come from
//! [`legal_periods`](crate::legal_periods), the sums from [`penalties`](crate::penalties).
//!
//! Facts come from `shared/reference/late-payment-law.md` (sections named per item).
//! Every mention is written in the notice's language and names its source.
//!
//! | country | debtor | tone | mention (`id`) | source |
//! |---|---|---|---|---|
//! | FR | business | follow-up onwards | `fr.late_penalties`: penalties from the day after the due date at the applicable rate, EUR 40 per invoice | Code de commerce L441-10, D441-5 |
//! | FR | public | follow-up onwards | `fr.public_late_interest`: moratorium interest from the day after the payment deadline, ECB + 8 points fixed at the half-year interest starts in, EUR 40 | Code de la commande publique L2192-13, R2192-31, D2192-35 |
//! | FR | any | formal notice | `fr.formal_notice`: the letter is a *mise en demeure* | Code civil 1344 |
//! | FR | consumer | formal notice | `fr.legal_interest`: legal interest runs from the formal notice | Code civil 1231-6, 1344 |
//! | FR | any | formal notice, hand-over | `fr.next_step`: small-claims procedure up to EUR 5,000, else *injonction de payer* | CPCE L125-1; CPC 1405 |
//! | BE | consumer | first reminder | `be.consumer_first_reminder`: free, balance, damages that will apply, creditor name and company number, due date and invoice, 14-day period and its last day | Code de droit économique, book XIX (art. XIX.2, XIX.4) |
//! | BE | business, public | follow-up onwards | `be.late_interest`: interest without demand, EUR 40 compensation | Law of 2 August 2002, arts 5 and 6 |
//! | DE | any | follow-up onwards | `de.default`: the Mahnung puts the debtor in default | BGB § 286 (1) |
//! | DE | any | follow-up onwards | `de.interest`: default interest 5 (consumer) or 9 points over the base rate, EUR 40 Pauschale for businesses | BGB §§ 288, 247 |
//! | GB | any | formal notice | `gb.letter_before_action`: period to respond before a court claim; to an individual or a sole trader, the Protocol's Letter of Claim: 30 days, Information Sheet, Reply Form and Financial Statement enclosed | PD Pre-Action Conduct para 6; Pre-Action Protocol for Debt Claims paras 1.1, 3, Annex 1 |
//! | GB | business, public | follow-up onwards | `gb.statutory_interest`: 8% over base rate, fixed sum GBP 40/70/100 per invoice | Late Payment of Commercial Debts (Interest) Act 1998 ss 1, 5A; SI 2002/1675 |
//!
//! Not implemented: the Belgian consumer's later-reminder cost cap (EUR 7.50 plus postage)
//! is not checked, as the postage is unknown; the English Debt Claims Protocol's
//! Information Sheet, Reply Form and Financial Statement
//! ([`DebtClaimsProtocol::ENCLOSURES`](crate::legal_periods::DebtClaimsProtocol::ENCLOSURES))
//! are named by the letter and enclosed by the host.

use crate::calendar::BusinessCalendar;
use crate::customer::CustomerKind;
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, Stage};
use crate::legal_periods::minimum_period;
use crate::locale_format::{format_amount, format_date};
use crate::money::{Currency, Money};
use crate::notice::content::NoticeContent;
use crate::notice::texts::{format_percent, pick};
use crate::notice::tone::Tone;
use crate::penalties::{be_consumer, uk_fixed_sum};
use rust_decimal::Decimal;

use crate::notice::content::LegalMention;

fn mention(id: &str, source: &str, text: String) -> LegalMention {
    LegalMention {
        id: id.to_string(),
        source: source.to_string(),
        text,
    }
}

/// The legal mentions for `content` (see the module table). `calendar` is the debtor's,
/// to date the Belgian 14-day period.
///
/// # Example
/// ```
/// use relance::notice::{mentions, Templates};
/// let c = Templates::sample_content(relance::Language::Nl); // a Belgian business, follow-up
/// let cal = relance::calendar::BusinessCalendar::for_country(relance::Country::BE).unwrap();
/// let m = mentions(&c, &cal);
/// assert_eq!(m[0].id, "be.late_interest");
/// assert!(m[0].text.contains("11,5%"));
/// ```
pub fn mentions(content: &NoticeContent, calendar: &BusinessCalendar) -> Vec<LegalMention> {
    let lang = content.language;
    let kind = content.debtor.kind;
    let business = kind != CustomerKind::Consumer;
    let tone = content.tone;
    let firm = tone != Tone::FirstReminder;
    let formal = tone == Tone::FormalNotice;
    let total = format_amount(&content.total, lang);
    let deadline = content.deadline.map(|d| format_date(d.date, lang));
    let rate = content
        .interest
        .as_ref()
        .and_then(|i| i.current_rate())
        .map(|r| format_percent(r, lang));
    let mut out = Vec::new();
    match content.debtor.country {
        c if c == Country::FR => {
            if kind == CustomerKind::Public && firm {
                out.push(fr_public_late_interest(lang, rate.as_deref()));
            } else if business && firm {
                out.push(fr_late_penalties(lang, rate.as_deref()));
            }
            if formal {
                out.push(mention(
                    "fr.formal_notice",
                    "Code civil, art. 1344",
                    pick(lang, [
                        "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil.".into(),
                        "This letter is a formal notice (mise en demeure) within the meaning of article 1344 of the French Civil Code.".into(),
                        "Dieses Schreiben gilt als förmliche Inverzugsetzung (mise en demeure) im Sinne von Artikel 1344 des französischen Zivilgesetzbuchs.".into(),
                        "Deze brief geldt als ingebrekestelling (mise en demeure) in de zin van artikel 1344 van het Franse Burgerlijk Wetboek.".into(),
                    ]),
                ));
                if !business {
                    out.push(mention(
                        "fr.legal_interest",
                        "Code civil, art. 1231-6 et 1344",
                        pick(lang, [
                            "À défaut de paiement, les sommes dues porteront intérêts au taux légal à compter de la présente mise en demeure (article 1231-6 du Code civil).".into(),
                            "If payment is not made, the sums due will bear interest at the French legal rate from the date of this formal notice (article 1231-6 of the French Civil Code).".into(),
                            "Bei Nichtzahlung werden die geschuldeten Beträge ab dieser Inverzugsetzung mit dem gesetzlichen Zinssatz verzinst (Artikel 1231-6 des französischen Zivilgesetzbuchs).".into(),
                            "Bij gebrek aan betaling brengen de verschuldigde bedragen vanaf deze ingebrekestelling interest op tegen de wettelijke rentevoet (artikel 1231-6 van het Franse Burgerlijk Wetboek).".into(),
                        ]),
                    ));
                }
            }
            if formal || tone == Tone::HandOver {
                out.push(fr_next_step(lang, &content.total));
            }
        }
        c if c == Country::BE => {
            if kind == CustomerKind::Consumer {
                if let Some(m) = be_first_reminder(content, calendar) {
                    out.push(m);
                }
            } else if firm {
                let rate = match rate.clone() {
                    Some(r) => pick(lang, [
                        format!("de {r}"),
                        format!("of {r} a year"),
                        format!("in Höhe von {r} jährlich"),
                        format!("van {r}"),
                    ]),
                    None => pick(lang, [
                        "égal au taux directeur de la Banque centrale européenne majoré de 8 points, arrondi au demi-point supérieur".into(),
                        "of the European Central Bank's main refinancing rate plus 8 points, rounded up to the next half point".into(),
                        "in Höhe des Hauptrefinanzierungssatzes der Europäischen Zentralbank zuzüglich 8 Prozentpunkten, auf den nächsten halben Punkt aufgerundet".into(),
                        "gelijk aan de herfinancieringsrente van de Europese Centrale Bank vermeerderd met 8 punten, naar boven afgerond tot het volgende halve punt".into(),
                    ]),
                };
                out.push(mention(
                    "be.late_interest",
                    "Loi du 2 août 2002 / Wet van 2 augustus 2002, art. 5 et 6",
                    pick(lang, [
                        format!("Conformément à la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales, toute somme impayée à l'échéance porte de plein droit et sans mise en demeure un intérêt de retard au taux {rate} (article 5), et une indemnité forfaitaire pour frais de recouvrement de 40 EUR est due (article 6)."),
                        format!("Under the Belgian Act of 2 August 2002 on combating late payment in commercial transactions, any sum unpaid on its due date bears late-payment interest by operation of law and without notice, at the rate {rate} (article 5), and a fixed compensation for recovery costs of EUR 40 is due (article 6)."),
                        format!("Nach dem belgischen Gesetz vom 2. August 2002 zur Bekämpfung von Zahlungsverzug im Geschäftsverkehr trägt jeder bei Fälligkeit unbezahlte Betrag von Rechts wegen und ohne Mahnung Verzugszinsen {rate} (Artikel 5); zudem ist eine Pauschale für Beitreibungskosten von 40 EUR geschuldet (Artikel 6)."),
                        format!("Overeenkomstig de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties brengt elk op de vervaldag onbetaald bedrag van rechtswege en zonder ingebrekestelling nalatigheidsinterest op tegen een rentevoet {rate} (artikel 5), en is een forfaitaire vergoeding voor invorderingskosten van 40 EUR verschuldigd (artikel 6)."),
                    ]),
                ));
            }
        }
        c if c == Country::DE && firm => {
            out.push(mention(
                    "de.default",
                    "BGB § 286 Abs. 1",
                    pick(lang, [
                        "Par la présente relance, vous êtes en demeure au sens du § 286, al. 1, du Code civil allemand (BGB), au plus tard à sa réception.".into(),
                        "With this reminder you are in default (Verzug) within the meaning of section 286(1) of the German Civil Code (BGB), at the latest from its receipt.".into(),
                        "Mit dieser Mahnung befinden Sie sich spätestens ab ihrem Zugang in Verzug (§ 286 Abs. 1 BGB).".into(),
                        "Door deze aanmaning bent u uiterlijk vanaf de ontvangst ervan in verzuim in de zin van § 286, lid 1, van het Duitse Burgerlijk Wetboek (BGB).".into(),
                    ]),
                ));
            let (points, paragraph) = if business { (9, 2) } else { (5, 1) };
            let rate = rate
                .clone()
                .map(|r| match lang {
                    Language::Fr => format!(" (actuellement {r})"),
                    Language::En => format!(" (currently {r})"),
                    Language::De => format!(" (derzeit {r})"),
                    Language::Nl => format!(" (momenteel {r})"),
                })
                .unwrap_or_default();
            let fixed = if business {
                pick(
                    lang,
                    [
                        ", ainsi qu'une indemnité forfaitaire de 40 EUR (§ 288, al. 5, BGB)".into(),
                        ", and a flat fee of EUR 40 (section 288(5) BGB)".into(),
                        " sowie eine Pauschale von 40 EUR (§ 288 Abs. 5 BGB)".into(),
                        ", alsook een forfaitaire vergoeding van 40 EUR (§ 288, lid 5, BGB)".into(),
                    ],
                )
            } else {
                String::new()
            };
            out.push(mention(
                    "de.interest",
                    "BGB §§ 288, 247",
                    pick(lang, [
                        format!("Pendant la demeure, des intérêts de retard sont dus au taux de {points} points au-dessus du taux de base (§ 288, al. {paragraph}, et § 247 BGB){rate}{fixed}."),
                        format!("While in default you owe default interest at {points} percentage points above the base rate (sections 288({paragraph}) and 247 BGB){rate}{fixed}."),
                        format!("Für die Dauer des Verzugs schulden Sie Verzugszinsen in Höhe von {points} Prozentpunkten über dem Basiszinssatz (§ 288 Abs. {paragraph}, § 247 BGB){rate}{fixed}."),
                        format!("Tijdens het verzuim is een verwijlinterest verschuldigd van {points} procentpunten boven de basisrente (§ 288, lid {paragraph}, en § 247 BGB){rate}{fixed}."),
                    ]),
                ));
        }
        c if c == Country::GB => {
            if business && firm {
                out.push(gb_statutory_interest(content, rate.as_deref()));
            }
            if formal {
                // The Pre-Action Protocol for Debt Claims protects individuals, sole
                // traders included (para 1.1); other businesses get the Practice
                // Direction's letter before action.
                out.push(gb_letter_before_action(
                    lang,
                    business && !content.debtor.sole_trader,
                    &total,
                    deadline.as_deref(),
                ));
            }
        }
        _ => {}
    }
    out
}

fn fr_late_penalties(lang: Language, rate: Option<&str>) -> LegalMention {
    let rate = match rate {
        Some(r) => pick(lang, [
            format!("au taux de {r} l'an"),
            format!("at the rate of {r} a year"),
            format!("zum Satz von {r} jährlich"),
            format!("tegen een rentevoet van {r} per jaar"),
        ]),
        None => pick(lang, [
            "au taux d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la plus récente majoré de 10 points, sauf taux contractuel".into(),
            "at the European Central Bank's most recent main refinancing rate plus 10 points, unless the contract sets another rate".into(),
            "in Höhe des Zinssatzes der jüngsten Hauptrefinanzierungsoperation der Europäischen Zentralbank zuzüglich 10 Prozentpunkten, sofern vertraglich nichts anderes vereinbart ist".into(),
            "tegen de rentevoet van de meest recente herfinancieringsoperatie van de Europese Centrale Bank vermeerderd met 10 punten, tenzij contractueel anders bepaald".into(),
        ]),
    };
    mention(
        "fr.late_penalties",
        "Code de commerce, art. L441-10 et D441-5",
        pick(
            lang,
            [
                format!(
                    "Conformément à l'article L441-10 du Code de commerce, toute somme non payée à l'échéance donne lieu de plein droit, dès le lendemain de la date d'échéance, à des pénalités de retard {rate}, ainsi qu'à une indemnité forfaitaire pour frais de recouvrement de 40 EUR par facture (article D441-5)."
                ),
                format!(
                    "Under article L441-10 of the French Commercial Code, any sum unpaid on its due date bears late-payment penalties by operation of law from the day after the due date, {rate}, plus a fixed indemnity for recovery costs of EUR 40 per invoice (article D441-5)."
                ),
                format!(
                    "Gemäß Artikel L441-10 des französischen Handelsgesetzbuchs (Code de commerce) fallen auf jeden bei Fälligkeit nicht gezahlten Betrag ab dem Tag nach dem Fälligkeitsdatum von Rechts wegen Verzugsstrafen {rate} an, zuzüglich einer Pauschale für Beitreibungskosten von 40 EUR je Rechnung (Artikel D441-5)."
                ),
                format!(
                    "Overeenkomstig artikel L441-10 van het Franse Wetboek van Koophandel (Code de commerce) brengt elk op de vervaldag onbetaald bedrag vanaf de dag na de vervaldag van rechtswege verwijlinteresten op {rate}, vermeerderd met een forfaitaire vergoeding voor invorderingskosten van 40 EUR per factuur (artikel D441-5)."
                ),
            ],
        ),
    )
}

/// France, a public buyer: moratorium interest and the EUR 40 indemnity of public
/// procurement, not L441-10.
fn fr_public_late_interest(lang: Language, rate: Option<&str>) -> LegalMention {
    let rate = match rate {
        Some(r) => pick(lang, [
            format!("au taux de {r} l'an"),
            format!("at the rate of {r} a year"),
            format!("zum Satz von {r} jährlich"),
            format!("tegen een rentevoet van {r} per jaar"),
        ]),
        None => pick(lang, [
            "au taux de la Banque centrale européenne en vigueur au premier jour du semestre au cours duquel les intérêts ont commencé à courir, majoré de huit points".into(),
            "at the European Central Bank's main refinancing rate in force on the first day of the half-year in which interest started to run, plus eight points".into(),
            "in Höhe des am ersten Tag des Halbjahres, in dem die Zinsen zu laufen begannen, geltenden Hauptrefinanzierungssatzes der Europäischen Zentralbank zuzüglich acht Prozentpunkten".into(),
            "tegen de herfinancieringsrente van de Europese Centrale Bank die gold op de eerste dag van het halfjaar waarin de interest begon te lopen, vermeerderd met acht punten".into(),
        ]),
    };
    mention(
        "fr.public_late_interest",
        "Code de la commande publique, art. L2192-13, R2192-31 et D2192-35",
        pick(
            lang,
            [
                format!(
                    "Conformément à l'article L2192-13 du code de la commande publique, le retard de paiement fait courir de plein droit, dès le lendemain de l'expiration du délai de paiement, des intérêts moratoires {rate} (article R2192-31), ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 euros (article D2192-35)."
                ),
                format!(
                    "Under article L2192-13 of the French Public Procurement Code, late payment gives rise by operation of law, from the day after the payment period expires, to moratorium interest {rate} (article R2192-31) and a fixed indemnity for recovery costs of EUR 40 (article D2192-35)."
                ),
                format!(
                    "Gemäß Artikel L2192-13 des französischen Vergabegesetzbuchs (Code de la commande publique) fallen bei Zahlungsverzug ab dem Tag nach Ablauf der Zahlungsfrist von Rechts wegen Verzugszinsen {rate} an (Artikel R2192-31), zuzüglich einer Pauschale für Beitreibungskosten von 40 EUR (Artikel D2192-35)."
                ),
                format!(
                    "Overeenkomstig artikel L2192-13 van het Franse Wetboek overheidsopdrachten (Code de la commande publique) brengt een betalingsachterstand vanaf de dag na het verstrijken van de betalingstermijn van rechtswege moratoire interesten op {rate} (artikel R2192-31), vermeerderd met een forfaitaire vergoeding voor invorderingskosten van 40 EUR (artikel D2192-35)."
                ),
            ],
        ),
    )
}

/// France: small-claims procedure up to EUR 5,000 (interest included), else injonction
/// de payer.
pub(crate) fn fr_small_claims(total: &Money) -> bool {
    total.currency == Currency::EUR && total.amount <= Decimal::new(5000, 0)
}

fn fr_next_step(lang: Language, total: &Money) -> LegalMention {
    let text = if fr_small_claims(total) {
        pick(lang, [
            "La procédure engagée sera la procédure simplifiée de recouvrement des petites créances (article L125-1 du Code des procédures civiles d'exécution), mise en œuvre par un commissaire de justice, puis, en cas de refus, une procédure d'injonction de payer (articles 1405 et suivants du Code de procédure civile).".into(),
            "The procedure will be the simplified small-claims recovery procedure (article L125-1 of the French Code of Civil Enforcement Procedures), conducted by a commissaire de justice, followed, should you refuse it, by an injonction de payer (order for payment, articles 1405 et seq. of the French Code of Civil Procedure).".into(),
            "Das Verfahren wird das vereinfachte Verfahren zur Beitreibung geringfügiger Forderungen (Artikel L125-1 des französischen Vollstreckungsgesetzbuchs) durch einen Gerichtsvollzieher (commissaire de justice) sein, bei Ablehnung gefolgt von einem Zahlungsbefehl (injonction de payer, Artikel 1405 ff. der französischen Zivilprozessordnung).".into(),
            "De procedure zal de vereenvoudigde invorderingsprocedure voor kleine schuldvorderingen zijn (artikel L125-1 van het Franse Wetboek van gerechtelijke uitvoering) via een gerechtsdeurwaarder (commissaire de justice), bij weigering gevolgd door een betalingsbevel (injonction de payer, artikelen 1405 e.v. van het Franse Wetboek van burgerlijke rechtsvordering).".into(),
        ])
    } else {
        pick(lang, [
            "La procédure engagée sera une requête en injonction de payer devant la juridiction compétente (articles 1405 et suivants du Code de procédure civile).".into(),
            "The procedure will be an application to the competent court for an injonction de payer (order for payment, articles 1405 et seq. of the French Code of Civil Procedure).".into(),
            "Das Verfahren wird ein Antrag auf Zahlungsbefehl (injonction de payer) beim zuständigen Gericht sein (Artikel 1405 ff. der französischen Zivilprozessordnung).".into(),
            "De procedure zal een verzoek tot betalingsbevel (injonction de payer) bij de bevoegde rechter zijn (artikelen 1405 e.v. van het Franse Wetboek van burgerlijke rechtsvordering).".into(),
        ])
    };
    mention(
        "fr.next_step",
        "Code des procédures civiles d'exécution, art. L125-1 ; Code de procédure civile, art. 1405 s.",
        text,
    )
}

fn be_first_reminder(content: &NoticeContent, calendar: &BusinessCalendar) -> Option<LegalMention> {
    let lang = content.language;
    let firsts: Vec<_> = content
        .invoices
        .iter()
        .filter(|i| i.first_reminder)
        .collect();
    if firsts.is_empty() {
        return None;
    }
    let balance = firsts
        .iter()
        .try_fold(Money::zero(content.total.currency), |acc, i| {
            acc.checked_add(i.amount_due).ok()
        })?;
    let damages = Money::new(
        be_consumer::max_damages(balance.amount).ok()?,
        Currency::EUR,
    );
    let period = minimum_period(Country::BE, CustomerKind::Consumer, Stage::Amicable, true)?;
    let last = period.last_day(content.date, content.channel, calendar)?;
    let postal = matches!(content.channel, Channel::Letter | Channel::RegisteredLetter);
    let invoices: Vec<String> = firsts
        .iter()
        .map(|i| {
            let due = format_date(i.due_date, lang);
            pick(
                lang,
                [
                    format!("facture {} échue le {due}", i.number),
                    format!("invoice {} due on {due}", i.number),
                    format!("Rechnung {} fällig am {due}", i.number),
                    format!("factuur {} vervallen op {due}", i.number),
                ],
            )
        })
        .collect();
    let invoices = invoices.join(", ");
    let (balance, damages, last) = (
        format_amount(&balance, lang),
        format_amount(&damages, lang),
        format_date(last, lang),
    );
    let (name, number) = (&content.creditor.name, &content.creditor.company_number);
    let start = match (lang, postal) {
        (Language::Fr, true) => "à compter du troisième jour ouvrable suivant l'envoi de ce rappel",
        (Language::Fr, false) => "à compter du jour suivant l'envoi de ce rappel",
        (Language::En, true) => "from the third working day after this reminder was posted",
        (Language::En, false) => "from the day after this reminder was sent",
        (Language::De, true) => "ab dem dritten Werktag nach Versand dieser Erinnerung",
        (Language::De, false) => "ab dem Tag nach Versand dieser Erinnerung",
        (Language::Nl, true) => "vanaf de derde werkdag na de verzending van deze herinnering",
        (Language::Nl, false) => "vanaf de dag na de verzending van deze herinnering",
    };
    Some(mention(
        "be.consumer_first_reminder",
        "Code de droit économique / Wetboek van economisch recht, livre/boek XIX, art. XIX.2 et XIX.4",
        pick(
            lang,
            [
                format!(
                    "Ce premier rappel est gratuit. Solde restant dû : {balance} ({invoices}). Créancier : {name}, numéro d'entreprise {number}. Vous disposez d'un délai de 14 jours calendrier {start}, soit jusqu'au {last} inclus, pour payer sans aucuns frais. À défaut de paiement dans ce délai, des intérêts de retard au taux légal et une indemnité forfaitaire de {damages} au plus pourront vous être réclamés (Code de droit économique, livre XIX)."
                ),
                format!(
                    "This first reminder is free of charge. Balance outstanding: {balance} ({invoices}). Creditor: {name}, company number {number}. You have 14 calendar days {start}, that is until {last} inclusive, to pay without any charge. If you do not pay within this period, late-payment interest at the legal rate and lump-sum damages of at most {damages} may be claimed (Belgian Code of Economic Law, book XIX)."
                ),
                format!(
                    "Diese erste Zahlungserinnerung ist kostenlos. Offener Saldo: {balance} ({invoices}). Gläubiger: {name}, Unternehmensnummer {number}. Sie haben 14 Kalendertage {start}, also bis einschließlich {last}, um ohne Kosten zu zahlen. Zahlen Sie nicht innerhalb dieser Frist, können Verzugszinsen zum gesetzlichen Zinssatz und ein Pauschalschadenersatz von höchstens {damages} verlangt werden (belgisches Wirtschaftsgesetzbuch, Buch XIX)."
                ),
                format!(
                    "Deze eerste herinnering is kosteloos. Openstaand saldo: {balance} ({invoices}). Schuldeiser: {name}, ondernemingsnummer {number}. U beschikt over een termijn van 14 kalenderdagen {start}, dus tot en met {last}, om zonder kosten te betalen. Betaalt u niet binnen deze termijn, dan kunnen nalatigheidsinteresten tegen de wettelijke rentevoet en een forfaitaire schadevergoeding van ten hoogste {damages} worden gevorderd (Wetboek van economisch recht, boek XIX)."
                ),
            ],
        ),
    ))
}

fn gb_statutory_interest(content: &NoticeContent, rate: Option<&str>) -> LegalMention {
    let lang = content.language;
    let gbp = content.total.currency == Currency::GBP;
    let sums: Vec<String> = if gbp {
        content
            .invoices
            .iter()
            .map(|i| {
                let sum = format_amount(
                    &Money::new(uk_fixed_sum(i.amount_due.amount), Currency::GBP),
                    lang,
                );
                let n = &i.number;
                pick(
                    lang,
                    [
                        format!("{sum} pour la facture {n}"),
                        format!("{sum} for invoice {n}"),
                        format!("{sum} für Rechnung {n}"),
                        format!("{sum} voor factuur {n}"),
                    ],
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let sums = if sums.is_empty() {
        pick(
            lang,
            [
                "40, 70 ou 100 GBP par facture selon le montant de la dette".into(),
                "GBP 40, 70 or 100 per invoice depending on the size of the debt".into(),
                "40, 70 oder 100 GBP je Rechnung je nach Höhe der Forderung".into(),
                "40, 70 of 100 GBP per factuur naargelang het bedrag van de schuld".into(),
            ],
        )
    } else {
        sums.join(", ")
    };
    let rate = rate
        .map(|r| match lang {
            Language::Fr => format!(", soit {r} l'an"),
            Language::En => format!(", that is {r} a year"),
            Language::De => format!(", also {r} jährlich"),
            Language::Nl => format!(", hetzij {r} per jaar"),
        })
        .unwrap_or_default();
    mention(
        "gb.statutory_interest",
        "Late Payment of Commercial Debts (Interest) Act 1998, ss. 1 and 5A; SI 2002/1675",
        pick(
            lang,
            [
                format!(
                    "En application du Late Payment of Commercial Debts (Interest) Act 1998, des intérêts légaux courent au taux de base de la Banque d'Angleterre majoré de 8 points{rate} à compter du lendemain de l'échéance, et une indemnité fixe par facture est due (section 5A) : {sums}."
                ),
                format!(
                    "Under the Late Payment of Commercial Debts (Interest) Act 1998 we are entitled to statutory interest at 8% above the Bank of England base rate{rate}, from the day after the due date, and to a fixed sum for each invoice (section 5A): {sums}."
                ),
                format!(
                    "Nach dem Late Payment of Commercial Debts (Interest) Act 1998 fallen ab dem Tag nach Fälligkeit gesetzliche Zinsen von 8 Prozentpunkten über dem Leitzins der Bank of England an{rate}, und je Rechnung ist ein Pauschalbetrag geschuldet (Section 5A): {sums}."
                ),
                format!(
                    "Op grond van de Late Payment of Commercial Debts (Interest) Act 1998 is vanaf de dag na de vervaldag wettelijke interest verschuldigd van 8 punten boven de basisrente van de Bank of England{rate}, en per factuur een vast bedrag (section 5A): {sums}."
                ),
            ],
        ),
    )
}

fn gb_letter_before_action(
    lang: Language,
    business: bool,
    total: &str,
    deadline: Option<&str>,
) -> LegalMention {
    let by = deadline.unwrap_or("-");
    if business {
        mention(
            "gb.letter_before_action",
            "Practice Direction - Pre-Action Conduct and Protocols, para. 6",
            pick(
                lang,
                [
                    format!(
                        "Ceci est une lettre préalable à toute action en justice (letter before action). Si nous ne recevons pas le paiement de {total} ou une réponse motivée au plus tard le {by}, nous pourrons introduire une demande devant la County Court sans autre avis et réclamer les intérêts et les frais."
                    ),
                    format!(
                        "This is a letter before action. Unless we receive payment of {total}, or a reasoned response, by {by}, we may issue a claim in the County Court without further notice and seek interest and costs."
                    ),
                    format!(
                        "Dies ist ein Schreiben vor Klageerhebung (letter before action). Erhalten wir bis zum {by} weder die Zahlung von {total} noch eine begründete Antwort, können wir ohne weitere Ankündigung Klage beim County Court erheben und Zinsen und Kosten geltend machen."
                    ),
                    format!(
                        "Dit is een brief voorafgaand aan een gerechtelijke procedure (letter before action). Ontvangen wij uiterlijk op {by} geen betaling van {total} of een gemotiveerd antwoord, dan kunnen wij zonder verdere verwittiging een vordering instellen bij de County Court en interest en kosten vorderen."
                    ),
                ],
            ),
        )
    } else {
        mention(
            "gb.letter_before_action",
            "Pre-Action Protocol for Debt Claims (2017), paras 1.1 and 3, Annex 1",
            pick(
                lang,
                [
                    format!(
                        "Ceci est une lettre de réclamation (Letter of Claim) au sens du Pre-Action Protocol for Debt Claims. Vous trouverez ci-joints la fiche d'information (Information Sheet), le formulaire de réponse (Reply Form) et un état de votre situation financière à remplir (Financial Statement). Veuillez lire la fiche d'information et renvoyer le formulaire de réponse dans les 30 jours suivant la date de cette lettre, au plus tard le {by}. À défaut de paiement de {total} ou de réponse, nous pourrons introduire une demande devant la County Court."
                    ),
                    format!(
                        "This is a Letter of Claim under the Pre-Action Protocol for Debt Claims. Enclosed are the Information Sheet, the Reply Form and a Financial Statement form. Please read the Information Sheet and return the Reply Form within 30 days of the date of this letter, by {by}. If we receive neither payment of {total} nor a reply, we may issue a claim in the County Court."
                    ),
                    format!(
                        "Dies ist ein Forderungsschreiben (Letter of Claim) nach dem Pre-Action Protocol for Debt Claims. Beigefügt sind das Informationsblatt (Information Sheet), das Antwortformular (Reply Form) und ein Formular zur Finanzlage (Financial Statement). Bitte lesen Sie das Informationsblatt und senden Sie das Antwortformular innerhalb von 30 Tagen ab dem Datum dieses Schreibens, spätestens bis zum {by}, zurück. Erhalten wir weder die Zahlung von {total} noch eine Antwort, können wir Klage beim County Court erheben."
                    ),
                    format!(
                        "Dit is een vorderingsbrief (Letter of Claim) volgens het Pre-Action Protocol for Debt Claims. Bijgevoegd vindt u het informatieblad (Information Sheet), het antwoordformulier (Reply Form) en een formulier over uw financiële toestand (Financial Statement). Lees het informatieblad en stuur het antwoordformulier terug binnen 30 dagen na de datum van deze brief, uiterlijk op {by}. Ontvangen wij geen betaling van {total} of geen antwoord, dan kunnen wij een vordering instellen bij de County Court."
                    ),
                ],
            ),
        )
    }
}
