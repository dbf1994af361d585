"""Oscar's product reviews, as the marketplace takes them (found by Oscar's class loader)."""
