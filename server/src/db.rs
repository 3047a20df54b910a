//! The SQLite file: opening, pragmas and versioned migrations.

use rusqlite::Connection;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database lock was poisoned by a panic")]
    Poisoned,
    #[error("a stored record is unreadable: {0}")]
    Corrupt(String),
}

/// Each entry moves the schema one version up; entries are only ever appended.
const MIGRATIONS: &[&str] = &[
    // 1: clients with the last seq processed for each (the push idempotency record, updated
    //    in the same transaction as an op's effects); every op received with its result;
    //    the entities with their versions and a global change number (`rev`) that pull
    //    pages through.
    "CREATE TABLE clients (
        client_id TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL
    );
    CREATE TABLE ops (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        body TEXT NOT NULL
    );
    CREATE TABLE entities (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        rev INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (entity, id)
    );
    CREATE UNIQUE INDEX entities_rev ON entities (rev);",
];

/// Opens (creating if needed) the data file and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&mut conn)?;
    Ok(conn)
}

pub fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    let current = schema_version(conn)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn schema_version(conn: &Connection) -> Result<i64, DbError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_reopening_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orderly.sqlite");
        let conn = open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), MIGRATIONS.len() as i64);
        conn.execute("INSERT INTO clients VALUES ('c1', 5)", [])
            .unwrap();
        drop(conn);
        let conn = open(&path).unwrap();
        let seq: i64 = conn
            .query_row(
                "SELECT last_seq FROM clients WHERE client_id='c1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(seq, 5);
    }
}
