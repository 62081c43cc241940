//! The topic views: a topic's entries, its summary and its pages per
//! province on a large site, from the model's index.

use std::collections::BTreeMap;

use super::{
    Link, SiteView, TopicEntry, TopicInProvince, TopicInfo, TopicProvince, TopicSummary, TopicView,
};
use crate::model::{EffortRef, Site, Status, Topic};

impl<'a> SiteView<'a> {
    pub(super) fn topic_refs(&self, slug: &str) -> &[EffortRef] {
        self.index()
            .by_topic
            .get(slug)
            .map_or(&[][..], Vec::as_slice)
    }

    pub(super) fn topic_summary(&self, t: &'a Topic) -> TopicSummary<'a> {
        let refs = self.topic_refs(&t.slug);
        let distinct = |status| distinct_municipalities(refs, status);
        TopicSummary {
            slug: &t.slug,
            name: &t.name,
            description: &t.description,
            synonyms: &t.synonyms,
            url: crate::routes::topic(&t.slug),
            municipality_count: distinct(None),
            completed_count: distinct(Some(Status::Completed)),
            planned_count: distinct(Some(Status::Planned)),
        }
    }

    /// Every topic with its counts, in the site's topic order.
    pub fn topic_summaries(&self) -> Vec<TopicSummary<'a>> {
        self.site
            .topics
            .iter()
            .map(|t| self.topic_summary(t))
            .collect()
    }

    /// A topic's page: who completed and who plans something on it, or on
    /// a large site how many in each province.
    pub fn topic(&self, t: &'a Topic) -> TopicView<'a> {
        let refs = self.topic_refs(&t.slug);
        let (completed, planned, provinces) = if self.globals.large {
            (Vec::new(), Vec::new(), self.topic_provinces(t))
        } else {
            (
                entries(self.site, refs, Status::Completed),
                entries(self.site, refs, Status::Planned),
                Vec::new(),
            )
        };
        TopicView {
            summary: self.topic_summary(t),
            completed,
            planned,
            provinces,
        }
    }

    /// Every province of the site, alphabetically, with how many of its
    /// municipalities did or plan something on `t` (zero included: that
    /// nobody in a province does something is worth knowing too).
    pub fn topic_provinces(&self, t: &'a Topic) -> Vec<TopicProvince<'a>> {
        (0..self.provinces().count())
            .map(|i| self.topic_province(t, i))
            .collect()
    }

    /// Topic `t` in the `i`th of [`SiteView::provinces`].
    pub(super) fn topic_province(&self, t: &'a Topic, i: usize) -> TopicProvince<'a> {
        let (name, slug) = self.provinces().nth(i).unwrap_or_default();
        let refs = self.province_refs(&t.slug, i);
        TopicProvince {
            name,
            url: crate::routes::topic_in_province(&t.slug, slug),
            municipality_count: distinct_municipalities(refs, None),
            completed_count: distinct_municipalities(refs, Some(Status::Completed)),
            planned_count: distinct_municipalities(refs, Some(Status::Planned)),
        }
    }

    /// The page of topic `t` in the `i`th of [`SiteView::provinces`].
    pub fn topic_in_province(&self, t: &'a Topic, i: usize) -> TopicInProvince<'a> {
        let refs = self.province_refs(&t.slug, i);
        TopicInProvince {
            topic: TopicInfo {
                slug: &t.slug,
                name: &t.name,
                description: &t.description,
                url: crate::routes::topic(&t.slug),
            },
            province: self.topic_province(t, i),
            completed: entries(self.site, refs, Status::Completed),
            planned: entries(self.site, refs, Status::Planned),
        }
    }

    /// The efforts on topic `topic` in the `i`th province, in municipality
    /// order: the index's refs split by province, in one pass for all
    /// topics, so no page scans the whole topic.
    pub(super) fn province_refs(&self, topic: &str, i: usize) -> &[EffortRef] {
        let by_topic = self.province_refs.get_or_init(|| {
            let count = self.provinces().count();
            let position: BTreeMap<&str, usize> = self
                .provinces()
                .enumerate()
                .map(|(i, (name, _))| (name, i))
                .collect();
            let of_municipality: Vec<usize> = self
                .site
                .municipalities
                .iter()
                .map(|m| position.get(m.province.as_str()).copied().unwrap_or(0))
                .collect();
            self.index()
                .by_topic
                .iter()
                .map(|(slug, refs)| {
                    let mut split = vec![Vec::new(); count];
                    for r in refs {
                        split[of_municipality[r.municipality]].push(*r);
                    }
                    (slug.clone(), split)
                })
                .collect()
        });
        by_topic
            .get(topic)
            .and_then(|split| split.get(i))
            .map_or(&[][..], Vec::as_slice)
    }
}

/// How many municipalities `refs` (in municipality order) name, with
/// `status` when given: a municipality's refs are consecutive, so count
/// changes of municipality.
pub(super) fn distinct_municipalities(refs: &[EffortRef], status: Option<Status>) -> usize {
    let mut last = None;
    let mut n = 0;
    for r in refs.iter().filter(|r| status.is_none_or(|s| r.status == s)) {
        if last != Some(r.municipality) {
            n += 1;
            last = Some(r.municipality);
        }
    }
    n
}

/// Groups index entries of one status by municipality, keeping model order
/// (refs are already in municipality order: the index is built in one pass).
pub(super) fn entries<'a>(
    site: &'a Site,
    refs: &[EffortRef],
    status: Status,
) -> Vec<TopicEntry<'a>> {
    let mut out: Vec<TopicEntry<'a>> = Vec::new();
    let mut last: Option<usize> = None;
    for r in refs.iter().filter(|r| r.status == status) {
        let m = &site.municipalities[r.municipality];
        let effort = &m.efforts(status)[r.effort];
        let url = crate::routes::municipality(&m.slug);
        let link = Link {
            title: &effort.title,
            url: format!("{url}#{}", effort.anchor),
        };
        match out.last_mut() {
            Some(entry) if last == Some(r.municipality) => entry.efforts.push(link),
            _ => out.push(TopicEntry {
                name: &m.name,
                province: &m.province,
                split_reconstructed: m.split_reconstructed,
                url,
                efforts: vec![link],
            }),
        }
        last = Some(r.municipality);
    }
    out
}
