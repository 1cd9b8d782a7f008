//! Who may do what in the admin: roles, the editorial workflow and its
//! transitions. Pure rules; the web layer asks them before every write.

use serde::{Deserialize, Serialize};

use crate::{Article, ArticleInput, ArticleStatus, TranslationLink};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
    )*};
}
id_type!(UserId, RevisionId, MediaId);

/// An account's role. Each role can do everything the one below it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes and edits their own drafts and submits them for review.
    Author,
    /// Edits all content and publishes.
    Editor,
    /// Everything, and manages accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Author, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Edits every article, experts and taxonomies, and publishes.
    pub fn edits_all_content(self) -> bool {
        self >= Role::Editor
    }

    pub fn manages_accounts(self) -> bool {
        self == Role::Admin
    }
}

/// A step an editor takes an article through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowAction {
    /// Draft to in review.
    Submit,
    /// In review, scheduled or archived back to draft; published to draft
    /// takes it off the site.
    ReturnToDraft,
    /// To scheduled, with a time.
    Schedule,
    /// On the site now.
    Publish,
    /// Off the site, kept in the archive of the admin.
    Archive,
}

impl WorkflowAction {
    pub const ALL: [WorkflowAction; 5] = [
        WorkflowAction::Submit,
        WorkflowAction::ReturnToDraft,
        WorkflowAction::Schedule,
        WorkflowAction::Publish,
        WorkflowAction::Archive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowAction::Submit => "submit",
            WorkflowAction::ReturnToDraft => "return_to_draft",
            WorkflowAction::Schedule => "schedule",
            WorkflowAction::Publish => "publish",
            WorkflowAction::Archive => "archive",
        }
    }

    pub fn parse(text: &str) -> Option<WorkflowAction> {
        WorkflowAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The status the action leads to.
    pub fn target(self) -> ArticleStatus {
        match self {
            WorkflowAction::Submit => ArticleStatus::InReview,
            WorkflowAction::ReturnToDraft => ArticleStatus::Draft,
            WorkflowAction::Schedule => ArticleStatus::Scheduled,
            WorkflowAction::Publish => ArticleStatus::Published,
            WorkflowAction::Archive => ArticleStatus::Archived,
        }
    }

    /// Whether the action applies to an article in `status` at all.
    pub fn applies_to(self, status: ArticleStatus) -> bool {
        use ArticleStatus::*;
        match self {
            WorkflowAction::Submit => status == Draft,
            WorkflowAction::ReturnToDraft => status != Draft,
            WorkflowAction::Schedule => matches!(status, Draft | InReview | Scheduled),
            WorkflowAction::Publish => matches!(status, Draft | InReview | Scheduled | Archived),
            WorkflowAction::Archive => status == Published,
        }
    }
}

/// Who is asking, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Editor {
    /// The account acting; `None` for a service (an API token of no
    /// account), which owns no article.
    pub user: Option<UserId>,
    pub role: Role,
}

impl Editor {
    /// Whether this person may change the article's content. Authors edit
    /// their own drafts only; once submitted, a piece is the editors'.
    pub fn may_edit(&self, status: ArticleStatus, created_by: Option<UserId>) -> bool {
        self.role.edits_all_content() || (self.owns(created_by) && status == ArticleStatus::Draft)
    }

    /// Whether this person created the article.
    fn owns(&self, created_by: Option<UserId>) -> bool {
        created_by.is_some() && created_by == self.user
    }

    /// Whether this person may see the article in the admin at all.
    pub fn may_view(&self, created_by: Option<UserId>) -> bool {
        self.role.edits_all_content() || self.owns(created_by)
    }

    /// Whether this person may take `action` on an article in `status`.
    pub fn may_take(
        &self,
        action: WorkflowAction,
        status: ArticleStatus,
        created_by: Option<UserId>,
    ) -> bool {
        if !action.applies_to(status) {
            return false;
        }
        if self.role.edits_all_content() {
            return true;
        }
        // Authors submit their own drafts, and may withdraw them from review.
        self.owns(created_by)
            && match action {
                WorkflowAction::Submit => true,
                WorkflowAction::ReturnToDraft => status == ArticleStatus::InReview,
                _ => false,
            }
    }

    /// The actions this person can take on an article, in display order.
    pub fn available_actions(
        &self,
        status: ArticleStatus,
        created_by: Option<UserId>,
    ) -> Vec<WorkflowAction> {
        WorkflowAction::ALL
            .into_iter()
            .filter(|a| self.may_take(*a, status, created_by))
            .collect()
    }
}

impl Article {
    /// The article as an editor would write it again: what a revision keeps
    /// and what the editor form starts from. `translation_links` are the
    /// "Also available in" links as stored.
    pub fn to_input(&self, translation_links: Vec<TranslationLink>) -> ArticleInput {
        ArticleInput {
            language: self.language.clone(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            deck: self.deck.clone(),
            body_markdown: self.body_markdown.clone(),
            body_is_excerpt: self.body_is_excerpt,
            content_type: self.content_type.as_ref().map(|t| t.slug.clone()),
            series_number: self.series_number,
            published_on: self.published_on,
            authors: self.authors.iter().map(|e| e.slug.clone()).collect(),
            topics: self.topics.iter().map(|t| t.slug.clone()).collect(),
            regions: self.regions.iter().map(|t| t.slug.clone()).collect(),
            author_note_markdown: self.author_note_markdown.clone(),
            status: self.status,
            syndications: self.syndications.clone(),
            recommended: self.recommended.iter().map(|r| r.item.clone()).collect(),
            translations: translation_links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role) -> Editor {
        Editor {
            user: Some(UserId(1)),
            role,
        }
    }

    #[test]
    fn authors_edit_only_their_own_drafts() {
        let author = person(Role::Author);
        assert!(author.may_edit(ArticleStatus::Draft, Some(UserId(1))));
        assert!(!author.may_edit(ArticleStatus::Draft, Some(UserId(2))));
        assert!(!author.may_edit(ArticleStatus::Draft, None));
        assert!(!author.may_edit(ArticleStatus::InReview, Some(UserId(1))));
        assert!(!author.may_edit(ArticleStatus::Published, Some(UserId(1))));
        assert!(person(Role::Editor).may_edit(ArticleStatus::Published, Some(UserId(2))));
        let service = Editor {
            user: None,
            role: Role::Author,
        };
        assert!(!service.may_edit(ArticleStatus::Draft, None));
        assert!(!service.may_take(WorkflowAction::Submit, ArticleStatus::Draft, None));
    }

    #[test]
    fn authors_submit_but_never_publish_or_schedule() {
        let author = person(Role::Author);
        let own = Some(UserId(1));
        assert_eq!(
            author.available_actions(ArticleStatus::Draft, own),
            vec![WorkflowAction::Submit]
        );
        assert_eq!(
            author.available_actions(ArticleStatus::InReview, own),
            vec![WorkflowAction::ReturnToDraft]
        );
        assert!(
            author
                .available_actions(ArticleStatus::Draft, None)
                .is_empty()
        );
        for status in ArticleStatus::ALL {
            assert!(!author.may_take(WorkflowAction::Publish, status, own));
            assert!(!author.may_take(WorkflowAction::Schedule, status, own));
        }
    }

    #[test]
    fn editors_move_articles_through_every_status() {
        let editor = person(Role::Editor);
        assert_eq!(
            editor.available_actions(ArticleStatus::InReview, None),
            vec![
                WorkflowAction::ReturnToDraft,
                WorkflowAction::Schedule,
                WorkflowAction::Publish
            ]
        );
        assert_eq!(
            editor.available_actions(ArticleStatus::Published, None),
            vec![WorkflowAction::ReturnToDraft, WorkflowAction::Archive]
        );
        assert!(!editor.may_take(WorkflowAction::Archive, ArticleStatus::Draft, None));
    }

    #[test]
    fn roles_and_actions_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for action in WorkflowAction::ALL {
            assert_eq!(WorkflowAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Admin.manages_accounts() && !Role::Editor.manages_accounts());
    }
}
