"""Money owed to and paid to sellers, as append-only entries."""
