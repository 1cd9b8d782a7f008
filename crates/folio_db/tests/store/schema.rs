//! Both backends' migrations build the same schema.

use std::collections::BTreeMap;

use folio_db::{Dialect, Store, StoreResult};

use crate::*;

/// Table → column → type family, as the backend describes its schema.
type Schema = BTreeMap<String, BTreeMap<String, &'static str>>;

fn family(declared: &str) -> &'static str {
    let declared = declared.to_ascii_lowercase();
    match declared.as_str() {
        "integer" | "bigint" | "smallint" => "integer",
        "text" => "text",
        "boolean" => "boolean",
        "real" | "double precision" => "real",
        "blob" | "bytea" => "bytes",
        other => panic!("a column type no backend should use: {other}"),
    }
}

fn schema_of(store: &Store) -> Schema {
    let rows = store
        .read(|c| -> StoreResult<Vec<(String, String, String)>> {
            let sql = match c.dialect() {
                Dialect::Sqlite => {
                    "SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                }
                Dialect::Postgres => {
                    "SELECT table_name::text, column_name::text, data_type::text
                     FROM information_schema.columns WHERE table_schema = current_schema()"
                }
            };
            c.query(sql, &[])?
                .iter()
                .map(|r| Ok((r.string(0)?, r.string(1)?, r.string(2)?)))
                .collect()
        })
        .unwrap();
    let mut schema = Schema::new();
    for (table, column, declared) in rows {
        schema
            .entry(table)
            .or_default()
            .insert(column, family(&declared));
    }
    schema
}

#[test]
fn both_backends_have_the_same_tables_columns_and_types() {
    let [sqlite, postgres] = databases();
    let sqlite = schema_of(&sqlite.open());
    let postgres = schema_of(&postgres.open());
    assert!(sqlite.contains_key("articles") && sqlite.contains_key("content_changes"));
    let tables = |s: &Schema| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(tables(&sqlite), tables(&postgres), "the same tables");
    for (table, columns) in &sqlite {
        assert_eq!(
            columns, &postgres[table],
            "table {table}: the same columns with compatible types"
        );
    }
}

#[test]
fn postgres_text_compares_byte_by_byte_as_sqlite_does() {
    for_each_backend(|store| {
        store
            .write(|c| {
                for (slug, name) in [
                    ("b", "beta"),
                    ("a", "Zeta"),
                    ("c", "Alpha"),
                    ("d", "éclair"),
                ] {
                    folio_db::upsert_program(c, &crate::slug(slug), name, now())?;
                }
                Ok(())
            })
            .unwrap();
        let names: Vec<String> = store
            .read(folio_db::list_programs)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Alpha", "Zeta", "beta", "éclair"]);
    });
}
