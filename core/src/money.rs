//! Money as integer minor units (fen, cents) with an ISO 4217 currency code.
//! Never a float: sums are exact and overflow is an error, not a wrap.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 code such as `CNY` or `USD`: three ASCII capital letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a code; `None` unless it is exactly three ASCII capital letters.
    pub fn parse(code: &str) -> Option<Currency> {
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_uppercase)
            .then_some(Currency(bytes))
    }

    /// Digits after the decimal point in the minor unit (ISO 4217 exponent).
    pub fn minor_digits(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }

    /// Parses an amount typed in major units (`128`, `128.5`, `1,280.00`) into minor units.
    /// `None` for anything else: a sign, letters, more decimals than the currency has.
    pub fn parse_amount(&self, text: &str) -> Option<i64> {
        let text: String = text.trim().chars().filter(|c| *c != ',').collect();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = self.minor_digits() as usize;
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) || fraction.len() > digits
        {
            return None;
        }
        let scale = 10i64.checked_pow(self.minor_digits())?;
        let fraction_units: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse::<i64>().ok()? * 10i64.pow((digits - fraction.len()) as u32)
        };
        whole
            .parse::<i64>()
            .ok()?
            .checked_mul(scale)?
            .checked_add(fraction_units)
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Currency::parse(&code).ok_or_else(|| format!("not an ISO 4217 currency code: {code:?}"))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_owned()
    }
}

/// An amount in minor units of a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Minor units: fen for CNY, cents for USD.
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// `self × quantity`, or `None` on overflow.
    pub fn times(self, quantity: u32) -> Option<Money> {
        self.amount
            .checked_mul(i64::from(quantity))
            .map(|amount| Money { amount, ..self })
    }

    /// `self + other`, or `None` on overflow or when the currencies differ.
    pub fn plus(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount.checked_add(other.amount))
            .flatten()
            .map(|amount| Money { amount, ..self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_three_capitals() {
        assert_eq!(Currency::parse("CNY"), Some(Currency::CNY));
        assert_eq!(Currency::parse("cny"), None);
        assert_eq!(Currency::parse("CN"), None);
        assert_eq!(Currency::parse("元元元"), None);
        let json = serde_json::to_string(&Money::new(1999, Currency::CNY)).unwrap();
        assert_eq!(json, r#"{"amount":1999,"currency":"CNY"}"#);
        assert!(serde_json::from_str::<Money>(r#"{"amount":1,"currency":"usd"}"#).is_err());
    }

    #[test]
    fn typed_amounts_become_minor_units() {
        let cny = Currency::CNY;
        assert_eq!(cny.parse_amount("128"), Some(12_800));
        assert_eq!(cny.parse_amount(" 128.5 "), Some(12_850));
        assert_eq!(cny.parse_amount("1,280.05"), Some(128_005));
        assert_eq!(cny.parse_amount("0.07"), Some(7));
        for bad in [
            "",
            "-1",
            "1.234",
            "1e3",
            "abc",
            ".5",
            "99999999999999999999",
        ] {
            assert_eq!(cny.parse_amount(bad), None, "{bad}");
        }
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(jpy.parse_amount("1500"), Some(1500));
        assert_eq!(jpy.parse_amount("1500.5"), None);
    }

    #[test]
    fn arithmetic_is_exact_and_checked() {
        let price = Money::new(1999, Currency::CNY);
        assert_eq!(price.times(3), Some(Money::new(5997, Currency::CNY)));
        assert_eq!(Money::new(i64::MAX, Currency::CNY).times(2), None);
        assert_eq!(price.plus(Money::new(1, Currency::USD)), None);
        assert_eq!(price.plus(price), Some(Money::new(3998, Currency::CNY)));
    }
}
