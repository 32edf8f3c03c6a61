//! The user's tags: listing, creating, renaming and deleting them, and
//! resolving the tag names a task is given.

use super::{Resource, Result, ServiceError, TasksService};
use crate::domain::{DEFAULT_COLOUR, Tag, TagId, TagView, check_tag};
use crate::store::StoreError;
use kit::{FieldError, Timestamp};

impl TasksService {
    /// Tag ids for `names`, creating the ones the user does not have yet
    /// (ADR 0022: assigning a tag by name creates it).
    pub(super) async fn tag_ids(&self, owner: &str, names: &[String]) -> Result<Vec<TagId>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut known = self.store.tags(owner).await?;
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            let key = Tag::key(name);
            if let Some(tag) = known.iter().find(|t| Tag::key(&t.name) == key) {
                ids.push(tag.id.clone());
                continue;
            }
            let tag = Tag {
                id: TagId::generate(),
                owner: owner.to_owned(),
                name: name.trim().to_owned(),
                colour: DEFAULT_COLOUR.to_owned(),
                created_at: Timestamp::now(),
            };
            match self.store.insert_tag(&tag).await {
                Ok(()) => {
                    ids.push(tag.id.clone());
                    known.push(tag);
                }
                // Made by a concurrent request: use that one.
                Err(StoreError::DuplicateTag) => {
                    let again = self.store.tags(owner).await?;
                    let tag = again
                        .iter()
                        .find(|t| Tag::key(&t.name) == key)
                        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("tag vanished")))?;
                    ids.push(tag.id.clone());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(ids)
    }

    /// The user's tags with how many tasks carry each, by name.
    pub async fn tags(&self, owner: &str) -> Result<Vec<TagView>> {
        Ok(self
            .store
            .tags_with_counts(owner)
            .await?
            .into_iter()
            .map(|(tag, tasks)| TagView { tag, tasks })
            .collect())
    }

    /// Creates a tag named `name` (required), in `colour` or the default.
    pub async fn create_tag(
        &self,
        owner: &str,
        name: Option<&str>,
        colour: Option<&str>,
    ) -> Result<TagView> {
        let Some(name) = name else {
            return Err(ServiceError::Fields(vec![FieldError::new(
                "name",
                "is required",
            )]));
        };
        let name = check_tag(Some(name), colour)
            .map_err(ServiceError::Fields)?
            .unwrap_or_default();
        let tag = Tag {
            id: TagId::generate(),
            owner: owner.to_owned(),
            name,
            colour: colour.unwrap_or(DEFAULT_COLOUR).to_lowercase(),
            created_at: Timestamp::now(),
        };
        self.store.insert_tag(&tag).await.map_err(|e| match e {
            StoreError::DuplicateTag => ServiceError::DuplicateTag(tag.name.clone()),
            e => e.into(),
        })?;
        Ok(TagView { tag, tasks: 0 })
    }

    /// Renames or recolours a tag; tasks show the new name at once.
    pub async fn update_tag(
        &self,
        owner: &str,
        id: &TagId,
        name: Option<&str>,
        colour: Option<&str>,
    ) -> Result<TagView> {
        let name = check_tag(name, colour).map_err(ServiceError::Fields)?;
        let (mut tag, tasks) = self
            .store
            .tags_with_counts(owner)
            .await?
            .into_iter()
            .find(|(t, _)| &t.id == id)
            .ok_or(ServiceError::NotFound(Resource::Tag))?;
        if let Some(name) = name {
            tag.name = name;
        }
        if let Some(colour) = colour {
            tag.colour = colour.to_lowercase();
        }
        match self.store.update_tag(&tag).await {
            Ok(true) => Ok(TagView { tag, tasks }),
            Ok(false) => Err(ServiceError::NotFound(Resource::Tag)),
            Err(StoreError::DuplicateTag) => Err(ServiceError::DuplicateTag(tag.name)),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes a tag and takes it off every task.
    pub async fn delete_tag(&self, owner: &str, id: &TagId) -> Result<()> {
        if self.store.delete_tag(owner, id).await? {
            Ok(())
        } else {
            Err(ServiceError::NotFound(Resource::Tag))
        }
    }
}
