//! A serde deserializer over a task's TOML table whose errors say which parameter was
//! wrong, so validation can name it in either language (toml's own errors are English
//! sentences, and lose the parameter inside a tagged enum).

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

#[derive(Debug, PartialEq)]
pub enum DeError {
    Missing(&'static str),
    Unknown(String),
    /// The parameter's value has the wrong type or is not one of the allowed values.
    Bad(String),
    /// Anything else serde says (only ever inside a value, where it becomes `Bad`).
    Other(String),
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeError::Missing(p) => write!(f, "missing parameter {p}"),
            DeError::Unknown(p) => write!(f, "unknown parameter {p}"),
            DeError::Bad(p) => write!(f, "bad value for {p}"),
            DeError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::Other(msg.to_string())
    }
    fn missing_field(field: &'static str) -> Self {
        DeError::Missing(field)
    }
    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        DeError::Unknown(field.to_string())
    }
}

/// A task's parameters (the table without its `kind`), as a struct reads them.
pub struct TableDe(pub toml::Table);

impl<'de> de::Deserializer<'de> for TableDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_map(Params {
            iter: self.0.into_iter(),
            value: None,
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The top-level parameters: an error inside a value is that parameter's.
struct Params {
    iter: <toml::Table as IntoIterator>::IntoIter,
    value: Option<(String, toml::Value)>,
}

impl<'de> MapAccess<'de> for Params {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        let k: StringDeserializer<DeError> = key.clone().into_deserializer();
        self.value = Some((key, value));
        seed.deserialize(k).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, value)) = self.value.take() else {
            return Err(DeError::Other("a value without a key".into()));
        };
        seed.deserialize(ValueDe(value))
            .map_err(|_| DeError::Bad(key))
    }
}

/// One TOML value.
struct ValueDe(toml::Value);

impl<'de> IntoDeserializer<'de, DeError> for ValueDe {
    type Deserializer = ValueDe;
    fn into_deserializer(self) -> ValueDe {
        self
    }
}

impl<'de> de::Deserializer<'de> for ValueDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            toml::Value::String(s) => visitor.visit_string(s),
            toml::Value::Integer(i) => visitor.visit_i64(i),
            toml::Value::Float(f) => visitor.visit_f64(f),
            toml::Value::Boolean(b) => visitor.visit_bool(b),
            // No parameter takes a date: an unquoted `2021-01-07` is a mistake to report,
            // not a name to use.
            toml::Value::Datetime(_) => Err(de::Error::invalid_type(
                de::Unexpected::Other("a date"),
                &visitor,
            )),
            toml::Value::Array(a) => {
                let mut seq = SeqDeserializer::new(a.into_iter().map(ValueDe));
                let v = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(v)
            }
            toml::Value::Table(t) => {
                let mut map = MapDeserializer::new(t.into_iter().map(|(k, v)| (k, ValueDe(v))));
                let v = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(v)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0 {
            toml::Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => ValueDe(other).deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}
