"""Speed for anonymous visitors: a shared page cache with versioned invalidation."""
