//! Work spread over the machine's cores, results in the input order.

/// `work` applied to consecutive parts of `items`, one part per core; the results of every
/// part, concatenated in order.
pub fn by_parts<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if workers == 1 {
        return work(items);
    }
    let part = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(part)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = by_parts(&items, |part| part.iter().map(|n| n * 2).collect());
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_give_no_results() {
        let out = by_parts(&[] as &[u8], |part| part.to_vec());
        assert!(out.is_empty());
    }
}
