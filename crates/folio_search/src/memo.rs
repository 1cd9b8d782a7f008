//! Answers kept for one searcher generation.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Answers to repeated questions, kept for the searcher generation they
/// were read from: a new generation (the index changed) starts over. Each
/// answer weighs something (one, or the documents it holds); past the
/// budget the memo also starts over, so it never outgrows it.
#[derive(Debug)]
pub(crate) struct GenerationMemo<K, V> {
    budget: usize,
    state: Mutex<MemoState<K, V>>,
}

#[derive(Debug)]
struct MemoState<K, V> {
    generation: u64,
    weight: usize,
    answers: HashMap<K, V>,
}

impl<K: Eq + Hash, V: Clone> GenerationMemo<K, V> {
    pub(crate) fn new(budget: usize) -> GenerationMemo<K, V> {
        GenerationMemo {
            budget,
            state: Mutex::new(MemoState {
                generation: 0,
                weight: 0,
                answers: HashMap::new(),
            }),
        }
    }

    /// The answer for `key` at `generation`, read (with its weight) when
    /// the memo does not hold it.
    pub(crate) fn get_or_read<E>(
        &self,
        generation: u64,
        key: K,
        read: impl FnOnce() -> Result<(V, usize), E>,
    ) -> Result<V, E> {
        {
            let state = self.lock();
            if state.generation == generation
                && let Some(found) = state.answers.get(&key)
            {
                return Ok(found.clone());
            }
        }
        let (answer, weight) = read()?;
        let mut state = self.lock();
        if state.generation != generation || state.weight + weight > self.budget {
            state.answers.clear();
            state.weight = 0;
            state.generation = generation;
        }
        if weight <= self.budget && !state.answers.contains_key(&key) {
            state.weight += weight;
            state.answers.insert(key, answer.clone());
        }
        Ok(answer)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoState<K, V>> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}
