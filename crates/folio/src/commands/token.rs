//! `folio token`: API tokens from the command line.

use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use folio_core::{Role, Timestamp};
use folio_db::{Actor, NewApiToken};
use folio_web::api::new_token_secret;

use crate::site;

/// Manage API tokens.
///
/// A token lets a program use the JSON API (`/api/v1/`) with a role. Its
/// secret is printed once, when it is made; Folio keeps only a hash of
/// it. A token with --user acts as that account (and never above its
/// role); one without acts as a named service. Authors' tokens need
/// --user, since authors touch only their own drafts.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio token create --role editor --name \"Newsletter sync\"\n  folio token create --role author --name \"Anna's drafts\" --user anna@example.org\n  folio token list\n  folio token revoke 3"
)]
pub struct TokenArgs {
    #[command(subcommand)]
    command: TokenCommand,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Make a token and print its secret (shown only this once).
    Create {
        /// admin, editor or author.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// What the token is for, as lists and the audit log show it.
        #[arg(long)]
        name: String,
        /// The account the token acts as (required for authors).
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
    },
    /// List tokens with their role and when they were last used.
    List,
    /// Revoke a token at once, by the id `list` shows.
    Revoke { id: i64 },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("{text:?} is not a role: use admin, editor or author"))
}

pub fn run(globals: &site::Globals, args: TokenArgs) -> anyhow::Result<ExitCode> {
    let site = site::open(globals)?;
    let store = &site.store;
    let actor = Actor::system("folio token (command line)");
    match args.command {
        TokenCommand::Create { role, name, user } => {
            let secret = new_token_secret();
            let token = store
                .write(|c| {
                    let now = Timestamp::now();
                    let user = match &user {
                        None => None,
                        Some(email) => Some(
                            folio_db::user_by_email(c, email)?
                                .ok_or_else(|| {
                                    folio_db::StoreError::MissingReference(format!(
                                        "there is no account for {email}"
                                    ))
                                })?
                                .id,
                        ),
                    };
                    let token = folio_db::create_api_token(
                        c,
                        &NewApiToken {
                            name: &name,
                            role,
                            user,
                            secret_hash: &secret.hash,
                            secret_prefix: &secret.prefix,
                            created_by: &actor.label,
                        },
                        now,
                    )?;
                    folio_db::audit(c, &actor, "token.created", &token.name, role.as_str(), now)?;
                    Ok(token)
                })
                .context("cannot make the token")?;
            println!(
                "Token {} “{}” ({}) made. Its secret, shown only now:\n\n{}\n\nSend it as `Authorization: Bearer <secret>`.",
                token.id,
                token.name,
                token.role.as_str(),
                secret.secret
            );
        }
        TokenCommand::List => {
            let tokens = store.read(folio_db::list_api_tokens)?;
            if tokens.is_empty() {
                println!("No tokens yet. Make one with: folio token create --role editor --name …");
            }
            for token in tokens {
                println!(
                    "{:>4}  {:<14} {:<7} {:<30} {:<24} last used {}{}",
                    token.id,
                    format!("{}…", token.secret_prefix),
                    token.role.as_str(),
                    token.name,
                    token.user_email.as_deref().unwrap_or("(service)"),
                    token
                        .last_used_at
                        .map_or_else(|| "never".to_owned(), |at| at.to_string()),
                    if token.revoked_at.is_some() {
                        "  [revoked]"
                    } else {
                        ""
                    }
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let revoked = store.write(|c| {
                let now = Timestamp::now();
                let Some(token) = folio_db::api_token_by_id(c, id)? else {
                    return Ok(false);
                };
                let revoked = folio_db::revoke_api_token(c, id, now)?;
                if revoked {
                    folio_db::audit(c, &actor, "token.revoked", &token.name, "", now)?;
                }
                Ok(revoked)
            })?;
            if !revoked {
                bail!("there is no live token {id} (see `folio token list`)");
            }
            println!("Token {id} is revoked; it no longer works.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
