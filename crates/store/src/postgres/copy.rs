//! The copy of a whole store (`crate::copy`) on PostgreSQL: rows read in chunks by
//! the pool, written in one transaction, then the serial counters moved past the
//! copied ids so that later inserts do not collide with them.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::Statement;

use super::ingest::pg_text;
use super::PostgresStore;
use crate::copy::{Kind, RowSink, Table, Value};
use crate::StoreError;

/// A copied value as PostgreSQL takes it for a column of `kind`.
fn to_sql(value: &Value, kind: Kind) -> Box<dyn ToSql + Sync> {
    match (value, kind) {
        (Value::Null, Kind::Int) => Box::new(None::<i64>),
        (Value::Null, Kind::Int32) => Box::new(None::<i32>),
        (Value::Null, Kind::Real) => Box::new(None::<f64>),
        (Value::Null, Kind::Text) => Box::new(None::<String>),
        (Value::Null, Kind::Blob) => Box::new(None::<Vec<u8>>),
        (Value::Int(n), Kind::Int32) => Box::new(i32::try_from(*n).unwrap_or(i32::MAX)),
        (Value::Int(n), Kind::Real) => Box::new(*n as f64),
        (Value::Int(n), _) => Box::new(*n),
        (Value::Real(x), _) => Box::new(*x),
        (Value::Text(s), _) => Box::new(pg_text(s).into_owned()),
        (Value::Blob(b), _) => Box::new(b.clone()),
    }
}

impl PostgresStore {
    pub(crate) fn export(
        &self,
        table: &Table,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Vec<Value>>, StoreError> {
        let rows = self
            .client()?
            .query(&table.select(), &[&(offset as i64), &(limit as i64)])
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| match kind {
                        Kind::Int => r.get::<_, Option<i64>>(i).map_or(Value::Null, Value::Int),
                        Kind::Int32 => r
                            .get::<_, Option<i32>>(i)
                            .map_or(Value::Null, |n| Value::Int(n.into())),
                        Kind::Real => r.get::<_, Option<f64>>(i).map_or(Value::Null, Value::Real),
                        Kind::Text => r
                            .get::<_, Option<String>>(i)
                            .map_or(Value::Null, Value::Text),
                        Kind::Blob => r
                            .get::<_, Option<Vec<u8>>>(i)
                            .map_or(Value::Null, Value::Blob),
                    })
                    .collect()
            })
            .collect())
    }

    pub(crate) fn import(
        &mut self,
        fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        struct Sink<'a, 't> {
            tx: &'a mut postgres::Transaction<'t>,
            statements: HashMap<&'static str, Statement>,
            address: &'a str,
        }
        impl RowSink for Sink<'_, '_> {
            fn write(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<(), StoreError> {
                let err = |e| StoreError::from_postgres(self.address, e);
                let statement = match self.statements.get(table.name) {
                    Some(statement) => statement.clone(),
                    None => {
                        let statement = self.tx.prepare(&table.insert()).map_err(err)?;
                        self.statements.insert(table.name, statement.clone());
                        statement
                    }
                };
                for row in rows {
                    let values: Vec<Box<dyn ToSql + Sync>> = row
                        .iter()
                        .zip(table.columns)
                        .map(|(value, (_, kind))| to_sql(value, *kind))
                        .collect();
                    let params: Vec<&(dyn ToSql + Sync)> =
                        values.iter().map(|v| v.as_ref()).collect();
                    self.tx.execute(&statement, &params).map_err(err)?;
                }
                Ok(())
            }
        }
        let address = self.address.clone();
        let err = |e| StoreError::from_postgres(&address, e);
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(err)?;
        fill(&mut Sink {
            tx: &mut tx,
            statements: HashMap::new(),
            address: &address,
        })?;
        for (table, column) in [("outlets", "id"), ("feeds", "id"), ("articles", "seq")] {
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                     coalesce(max({column}), 0) + 1, false) FROM {table}"
                ),
                &[],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        self.ingest.forget_pipeline();
        Ok(())
    }
}
