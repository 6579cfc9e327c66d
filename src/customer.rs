//! Customers (debtors): kind, jurisdiction, language, time zone, contacts, credit limit,
//! assigned ladder and dunning mode.

use crate::delivery_channel::Channel;
use crate::ids::{CustomerId, LadderId};
use crate::imputation::Imputation;
use crate::jurisdiction::{Country, Language};
use crate::limitation_rule::LimitationRule;
use crate::local_time::Zone;
use crate::money::Money;
use crate::penalties::Regime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A customer's data does not parse or contradicts itself.
///
/// # Example
/// ```
/// use relance::{CustomerError, Customer, DunningMode};
/// let e = serde_json::from_str::<Customer>(r#"{"id": "C-1", "name": "Acme", "kind": "business",
///     "country": "FR", "language": "fr", "time_zone": "Europe/Paris",
///     "mode": "automatic", "excluded": true}"#).unwrap_err();
/// assert!(e.to_string().contains("customer C-1: mode automatic contradicts"), "{e}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CustomerError {
    /// `mode` and the legacy `manual_mode` / `excluded` flags say different things.
    #[error(
        "customer {customer}: mode {mode} contradicts the legacy flags \
         manual_mode/excluded, which say {legacy}"
    )]
    ConflictingMode {
        /// The customer.
        customer: CustomerId,
        /// The `mode` given.
        mode: DunningMode,
        /// The mode the legacy flags give.
        legacy: DunningMode,
    },
    /// Not a customer kind: `business`, `consumer` or `public`.
    #[error("unknown customer kind {kind:?}: expected business, consumer or public")]
    UnknownKind {
        /// The kind as given.
        kind: String,
    },
    /// Not a dunning mode: `automatic`, `manual` or `excluded`.
    #[error("unknown dunning mode {mode:?}: expected automatic, manual or excluded")]
    UnknownMode {
        /// The mode as given.
        mode: String,
    },
}

/// Whether relance duns a customer: automatically (the default), only by hand, or not at
/// all. Serialised in snake_case (`"automatic"`, `"manual"`, `"excluded"`).
///
/// # Example
/// ```
/// use relance::DunningMode;
/// assert_eq!(DunningMode::default(), DunningMode::Automatic);
/// assert_eq!(serde_json::to_string(&DunningMode::Manual).unwrap(), "\"manual\"");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DunningMode {
    /// relance plans every step of the customer's ladder.
    #[default]
    Automatic,
    /// relance proposes nothing automatically; the host's credit manager handles this
    /// customer by hand.
    Manual,
    /// Excluded from dunning altogether (e.g. a key account or an intra-group entity).
    Excluded,
}

impl DunningMode {
    /// The snake_case name used in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::DunningMode::Excluded.as_str(), "excluded");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DunningMode::Automatic => "automatic",
            DunningMode::Manual => "manual",
            DunningMode::Excluded => "excluded",
        }
    }

    /// The mode of data written with the former `manual_mode` and `excluded` flags: an
    /// excluded customer is [`Excluded`](Self::Excluded) (even in manual mode), a manual one
    /// [`Manual`](Self::Manual), any other [`Automatic`](Self::Automatic).
    ///
    /// # Example
    /// ```
    /// use relance::DunningMode;
    /// assert_eq!(DunningMode::from_flags(false, false), DunningMode::Automatic);
    /// assert_eq!(DunningMode::from_flags(true, false), DunningMode::Manual);
    /// assert_eq!(DunningMode::from_flags(true, true), DunningMode::Excluded);
    /// ```
    pub fn from_flags(manual_mode: bool, excluded: bool) -> DunningMode {
        match (manual_mode, excluded) {
            (_, true) => DunningMode::Excluded,
            (true, false) => DunningMode::Manual,
            (false, false) => DunningMode::Automatic,
        }
    }

    /// The mode of a customer loaded with an optional `mode` and the legacy flags: `mode`
    /// when given, else the flags; a legacy flag set to `true` that says otherwise than
    /// `mode` is refused.
    pub(crate) fn resolve(
        customer: &CustomerId,
        mode: Option<DunningMode>,
        manual_mode: bool,
        excluded: bool,
    ) -> Result<DunningMode, CustomerError> {
        let legacy =
            (manual_mode || excluded).then(|| DunningMode::from_flags(manual_mode, excluded));
        match (mode, legacy) {
            (Some(mode), Some(legacy)) if mode != legacy => Err(CustomerError::ConflictingMode {
                customer: customer.clone(),
                mode,
                legacy,
            }),
            (Some(mode), _) | (None, Some(mode)) => Ok(mode),
            (None, None) => Ok(DunningMode::Automatic),
        }
    }
}

impl fmt::Display for DunningMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses the JSON name: `automatic`, `manual` or `excluded`.
///
/// ```
/// use relance::{CustomerError, DunningMode};
/// assert_eq!("manual".parse::<DunningMode>(), Ok(DunningMode::Manual));
/// assert_eq!("Manual".parse::<DunningMode>(),
///     Err(CustomerError::UnknownMode { mode: "Manual".into() }));
/// ```
impl FromStr for DunningMode {
    type Err = CustomerError;
    fn from_str(s: &str) -> Result<DunningMode, CustomerError> {
        [
            DunningMode::Automatic,
            DunningMode::Manual,
            DunningMode::Excluded,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
        .ok_or_else(|| CustomerError::UnknownMode {
            mode: s.to_string(),
        })
    }
}

/// What kind of debtor a customer is; it decides which law applies and the default ladder.
///
/// ```
/// use relance::CustomerKind;
/// assert_eq!(serde_json::to_string(&CustomerKind::Public).unwrap(), "\"public\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// A business (B2B).
    Business,
    /// A consumer (B2C).
    Consumer,
    /// A public body (B2G).
    Public,
}

impl CustomerKind {
    /// The snake_case name used in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::CustomerKind::Consumer.as_str(), "consumer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Business => "business",
            CustomerKind::Consumer => "consumer",
            CustomerKind::Public => "public",
        }
    }
}

impl fmt::Display for CustomerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses the JSON name: `business`, `consumer` or `public`.
///
/// ```
/// use relance::{CustomerError, CustomerKind};
/// assert_eq!("public".parse::<CustomerKind>(), Ok(CustomerKind::Public));
/// assert_eq!("B2B".parse::<CustomerKind>(), Err(CustomerError::UnknownKind { kind: "B2B".into() }));
/// ```
impl FromStr for CustomerKind {
    type Err = CustomerError;
    fn from_str(s: &str) -> Result<CustomerKind, CustomerError> {
        [
            CustomerKind::Business,
            CustomerKind::Consumer,
            CustomerKind::Public,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| CustomerError::UnknownKind {
            kind: s.to_string(),
        })
    }
}

/// How to reach a customer on each channel. A channel without a contact cannot be used,
/// nor can a channel the customer opted out of.
///
/// ```
/// use relance::{Contacts, Channel};
/// let mut c = Contacts { email: Some("ap@example.com".into()), ..Contacts::default() };
/// assert!(c.reaches(Channel::Email));
/// assert!(!c.reaches(Channel::Sms));
/// c.opt_out.insert(Channel::Email);
/// assert!(c.reaches(Channel::Email) && !c.allows(Channel::Email));
/// // Data stored before opt-outs existed still loads.
/// let old: Contacts = serde_json::from_str(r#"{"email": "ap@example.com"}"#).unwrap();
/// assert!(old.opt_out.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contacts {
    /// E-mail address.
    pub email: Option<String>,
    /// Postal address, one line per element.
    pub postal_address: Option<Vec<String>>,
    /// Phone number for calls.
    pub phone: Option<String>,
    /// Mobile number for SMS.
    pub mobile: Option<String>,
    /// Account on the host's customer portal.
    pub portal_account: Option<String>,
    /// Channels the customer asked not to be contacted on. They are never used, not even
    /// as a fallback (see [`resolve_channel`](crate::resolve_channel)). Empty when omitted.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub opt_out: BTreeSet<Channel>,
}

impl Contacts {
    /// True when the customer can be reached on `channel`.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Contacts};
    /// let c = Contacts { mobile: Some("+33 6 12 34 56 78".into()), ..Contacts::default() };
    /// assert!(c.reaches(Channel::Sms) && c.reaches(Channel::Phone)); // a mobile takes calls too
    /// assert!(!c.reaches(Channel::Letter));
    /// ```
    pub fn reaches(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email.is_some(),
            Channel::Letter | Channel::RegisteredLetter => self.postal_address.is_some(),
            Channel::Sms => self.mobile.is_some(),
            Channel::Phone => self.phone.is_some() || self.mobile.is_some(),
            Channel::Portal => self.portal_account.is_some(),
        }
    }

    /// True when the customer can be reached on `channel` and did not opt out of it.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Contacts};
    /// let mut c = Contacts { mobile: Some("+33 6 12 34 56 78".into()), ..Contacts::default() };
    /// c.opt_out.insert(Channel::Sms);
    /// assert!(!c.allows(Channel::Sms));
    /// assert!(c.allows(Channel::Phone)); // the opt-out is per channel
    /// ```
    pub fn allows(&self, channel: Channel) -> bool {
        self.reaches(channel) && !self.opt_out.contains(&channel)
    }
}

/// A debtor.
///
/// # Example
/// ```
/// use relance::{Customer, CustomerKind, Country, DunningMode, Language, Zone};
/// let c = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// assert_eq!(c.mode, DunningMode::Automatic);
/// // Loading checks the time zone once, naming it when it is unknown.
/// let e = serde_json::from_str::<Customer>(r#"{"id": "C-2", "name": "Acme", "kind": "business",
///     "country": "FR", "language": "fr", "time_zone": "Europe/Pariss"}"#).unwrap_err();
/// assert!(e.to_string().contains("unknown time zone \"Europe/Pariss\""), "{e}");
/// // Data written before `mode` existed still loads: the legacy flags give the mode.
/// let old: Customer = serde_json::from_str(r#"{"id": "C-3", "name": "Acme", "kind": "business",
///     "country": "FR", "language": "fr", "time_zone": "Europe/Paris", "manual_mode": true}"#)
///     .unwrap();
/// assert_eq!(old.mode, DunningMode::Manual);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CustomerRepr")]
pub struct Customer {
    /// Host identifier.
    pub id: CustomerId,
    /// Name as printed on notices.
    pub name: String,
    /// Business, consumer or public body.
    pub kind: CustomerKind,
    /// Country of the debtor (decides the applicable law and calendar).
    pub country: Country,
    /// Language of notices.
    pub language: Language,
    /// IANA time zone, e.g. `Europe/Paris`, checked when the customer is built or loaded
    /// (serialised as its name).
    pub time_zone: Zone,
    /// Contacts per channel.
    #[serde(default)]
    pub contacts: Contacts,
    /// Credit limit, if any.
    #[serde(default)]
    pub credit_limit: Option<Money>,
    /// Explicitly assigned ladder; `None` uses the default for the kind and country.
    #[serde(default)]
    pub ladder: Option<LadderId>,
    /// Dunned automatically (the default), by hand, or not at all. Data with the former
    /// `manual_mode` / `excluded` flags instead loads with the mode they give
    /// ([`DunningMode::from_flags`]).
    #[serde(default)]
    pub mode: DunningMode,
    /// The late-payment regime for this customer; `None` uses
    /// [`default_regime`](crate::penalties::default_regime) for its kind and country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_regime: Option<Regime>,
    /// How this customer's payments are imputed to principal, fees, interest and
    /// compensation; `None` uses the rule of its regime
    /// ([`default_imputation`](crate::penalties::default_imputation)), or
    /// [`Imputation::PrincipalFirst`] without one. See [`Customer::imputation`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imputation: Option<Imputation>,
    /// A business that is an individual trading alone (a sole trader): dunned as a
    /// business, but the English Pre-Action Protocol for Debt Claims protects it like a
    /// consumer (para 1.1). See [`Customer::is_individual`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sole_trader: bool,
    /// The limitation rule for this customer's claims; `None` uses
    /// [`LimitationRule::for_debtor`] for its country and kind. See [`Customer::limitation_rule`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation: Option<LimitationRule>,
}

/// What a stored customer looks like, the legacy mode flags included.
#[derive(Deserialize)]
struct CustomerRepr {
    id: CustomerId,
    name: String,
    kind: CustomerKind,
    country: Country,
    language: Language,
    time_zone: Zone,
    #[serde(default)]
    contacts: Contacts,
    #[serde(default)]
    credit_limit: Option<Money>,
    #[serde(default)]
    ladder: Option<LadderId>,
    #[serde(default)]
    mode: Option<DunningMode>,
    #[serde(default)]
    manual_mode: bool,
    #[serde(default)]
    excluded: bool,
    #[serde(default)]
    penalty_regime: Option<Regime>,
    #[serde(default)]
    imputation: Option<Imputation>,
    #[serde(default)]
    sole_trader: bool,
    #[serde(default)]
    limitation: Option<LimitationRule>,
}

impl TryFrom<CustomerRepr> for Customer {
    type Error = CustomerError;
    fn try_from(r: CustomerRepr) -> Result<Customer, CustomerError> {
        Ok(Customer {
            mode: DunningMode::resolve(&r.id, r.mode, r.manual_mode, r.excluded)?,
            id: r.id,
            name: r.name,
            kind: r.kind,
            country: r.country,
            language: r.language,
            time_zone: r.time_zone,
            contacts: r.contacts,
            credit_limit: r.credit_limit,
            ladder: r.ladder,
            penalty_regime: r.penalty_regime,
            imputation: r.imputation,
            sole_trader: r.sole_trader,
            limitation: r.limitation,
        })
    }
}

impl Customer {
    /// A customer with no contacts, no credit limit and the default ladder.
    ///
    /// The zone is a [`Zone`]: a named constant such as [`Zone::EUROPE_PARIS`], the usual
    /// zone of the country ([`Zone::for_country`]), or any IANA name parsed with
    /// `"America/New_York".parse()?`.
    ///
    /// # Example
    /// ```
    /// use relance::{Contacts, Country, Customer, CustomerKind, DunningMode, Language, Zone};
    /// let c = Customer::new("C-1", "Brouwerij Peeters", CustomerKind::Consumer, Country::BE,
    ///     Language::Nl, Zone::EUROPE_BRUSSELS);
    /// assert_eq!(c.contacts, Contacts::default());
    /// assert_eq!((c.ladder, c.credit_limit, c.mode), (None, None, DunningMode::Automatic));
    /// ```
    pub fn new(
        id: &str,
        name: &str,
        kind: CustomerKind,
        country: Country,
        language: Language,
        time_zone: Zone,
    ) -> Customer {
        Customer {
            id: CustomerId::from(id),
            name: name.to_string(),
            kind,
            country,
            language,
            time_zone,
            contacts: Contacts::default(),
            credit_limit: None,
            ladder: None,
            mode: DunningMode::Automatic,
            penalty_regime: None,
            imputation: None,
            sole_trader: false,
            limitation: None,
        }
    }

    /// True when relance may propose actions for this customer: its mode is
    /// [`DunningMode::Automatic`].
    ///
    /// # Example
    /// ```
    /// use relance::{Country, Customer, CustomerKind, DunningMode, Language, Zone};
    /// let mut c = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// assert!(c.is_dunned_automatically());
    /// c.mode = DunningMode::Manual; // the credit manager handles this customer by hand
    /// assert!(!c.is_dunned_automatically());
    /// ```
    pub fn is_dunned_automatically(&self) -> bool {
        self.mode == DunningMode::Automatic
    }

    /// The late-payment regime that applies: the assigned one, else the default for the
    /// customer's kind and country (`None`: no statutory penalties).
    ///
    /// ```
    /// use relance::{Customer, CustomerKind, Country, Language, Zone};
    /// use relance::penalties::Regime;
    /// let c = Customer::new("C", "C", CustomerKind::Business, Country::DE, Language::De,
    ///     Zone::EUROPE_BERLIN);
    /// assert_eq!(c.regime(), Some(Regime::DeB2b));
    /// ```
    pub fn regime(&self) -> Option<Regime> {
        self.penalty_regime
            .or_else(|| crate::penalties::default_regime(self.kind, self.country))
    }

    /// The rule this customer's payments are imputed by: the assigned one, else the rule
    /// of its regime's law (Code civil 1343-1 in France, BGB 367 in Germany, Code civil
    /// 1254 in Belgium), else [`Imputation::PrincipalFirst`].
    ///
    /// ```
    /// use relance::{Customer, CustomerKind, Country, Imputation, Language, Zone};
    /// let mut c = Customer::new("C", "C", CustomerKind::Consumer, Country::DE, Language::De,
    ///     Zone::EUROPE_BERLIN);
    /// assert_eq!(c.imputation(), Imputation::Bgb367);
    /// c.imputation = Some(Imputation::PrincipalFirst); // the host's own appropriation
    /// assert_eq!(c.imputation(), Imputation::PrincipalFirst);
    /// ```
    pub fn imputation(&self) -> Imputation {
        self.imputation
            .or_else(|| self.regime().map(crate::penalties::default_imputation))
            .unwrap_or_default()
    }

    /// Whether the debtor is an individual: a consumer or a sole trader. The English
    /// Pre-Action Protocol for Debt Claims applies to claims against individuals,
    /// "including a sole trader", not to business-to-business debts (para 1.1).
    ///
    /// ```
    /// use relance::{Customer, CustomerKind, Country, Language, Zone};
    /// let mut c = Customer::new("C", "J. Smith Plumbing", CustomerKind::Business, Country::GB,
    ///     Language::En, Zone::EUROPE_LONDON);
    /// assert!(!c.is_individual());
    /// c.sole_trader = true;
    /// assert!(c.is_individual());
    /// ```
    pub fn is_individual(&self) -> bool {
        self.kind == CustomerKind::Consumer || self.sole_trader
    }

    /// The limitation rule of this customer's claims: the assigned one, else the rule for
    /// its country and kind ([`LimitationRule::for_debtor`]); `None` when relance knows
    /// none (no limitation date is computed then).
    ///
    /// ```
    /// use relance::{Customer, CustomerKind, Country, Language, LimitationRule, Zone};
    /// let c = Customer::new("C", "C", CustomerKind::Consumer, Country::FR, Language::Fr,
    ///     Zone::EUROPE_PARIS);
    /// assert_eq!(c.limitation_rule(), Some(LimitationRule::FrConsumer));
    /// ```
    pub fn limitation_rule(&self) -> Option<LimitationRule> {
        self.limitation
            .or_else(|| LimitationRule::for_debtor(self.country, self.kind))
    }
}

/// The default rule by debtor (here, beside [`CustomerKind`], so the rules themselves
/// need nothing of customers).
impl LimitationRule {
    /// The rule for a debtor of this kind in this country, if relance knows one.
    ///
    /// # Example
    /// ```
    /// use relance::{Country, CustomerKind, LimitationRule};
    /// assert_eq!(LimitationRule::for_debtor(Country::FR, CustomerKind::Consumer),
    ///     Some(LimitationRule::FrConsumer));
    /// assert_eq!(LimitationRule::for_debtor(Country::BE, CustomerKind::Consumer),
    ///     Some(LimitationRule::BeConsumerSupplies));
    /// assert_eq!(LimitationRule::for_debtor("IT".parse().unwrap(), CustomerKind::Business), None);
    /// ```
    pub fn for_debtor(country: Country, kind: CustomerKind) -> Option<LimitationRule> {
        Some(match (country, kind) {
            (c, CustomerKind::Consumer) if c == Country::FR => LimitationRule::FrConsumer,
            (c, CustomerKind::Public) if c == Country::FR => LimitationRule::FrPublic,
            (c, _) if c == Country::FR => LimitationRule::FrTraders,
            (c, _) if c == Country::DE => LimitationRule::DeRegular,
            (c, _) if c == Country::GB => LimitationRule::UkContract,
            (c, CustomerKind::Consumer) if c == Country::BE => LimitationRule::BeConsumerSupplies,
            (c, _) if c == Country::BE => LimitationRule::BeCommonLaw,
            _ => return None,
        })
    }
}
