//! Customers (debtors): kind, jurisdiction, language, time zone, contacts, credit limit,
//! assigned ladder and dunning flags.

use crate::delivery_channel::Channel;
use crate::ids::{CustomerId, LadderId};
use crate::jurisdiction::{Country, Language};
use crate::local_time::Zone;
use crate::money::Money;
use crate::penalties::Regime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// as a fallback (see [`channels`](crate::channels)). Empty when omitted.
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
/// use relance::{Customer, CustomerKind, Country, Language, Zone};
/// let c = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// assert!(!c.excluded);
/// // Loading checks the time zone once, naming it when it is unknown.
/// let e = serde_json::from_str::<Customer>(r#"{"id": "C-2", "name": "Acme", "kind": "business",
///     "country": "FR", "language": "fr", "time_zone": "Europe/Pariss"}"#).unwrap_err();
/// assert!(e.to_string().contains("unknown time zone \"Europe/Pariss\""), "{e}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Manual mode: relance proposes nothing automatically; the host's credit manager
    /// handles this customer by hand.
    #[serde(default)]
    pub manual_mode: bool,
    /// Excluded from dunning altogether (e.g. a key account or an intra-group entity).
    #[serde(default)]
    pub excluded: bool,
    /// The late-payment regime for this customer; `None` uses
    /// [`default_regime`](crate::penalties::default_regime) for its kind and country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_regime: Option<Regime>,
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
    /// use relance::{Contacts, Country, Customer, CustomerKind, Language, Zone};
    /// let c = Customer::new("C-1", "Brouwerij Peeters", CustomerKind::Consumer, Country::BE,
    ///     Language::Nl, Zone::EUROPE_BRUSSELS);
    /// assert_eq!(c.contacts, Contacts::default());
    /// assert_eq!((c.ladder, c.credit_limit, c.manual_mode), (None, None, false));
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
            manual_mode: false,
            excluded: false,
            penalty_regime: None,
        }
    }

    /// True when relance may propose actions for this customer.
    ///
    /// # Example
    /// ```
    /// use relance::{Country, Customer, CustomerKind, Language, Zone};
    /// let mut c = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// assert!(c.is_dunned_automatically());
    /// c.manual_mode = true; // the credit manager handles this customer by hand
    /// assert!(!c.is_dunned_automatically());
    /// ```
    pub fn is_dunned_automatically(&self) -> bool {
        !self.manual_mode && !self.excluded
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
}
