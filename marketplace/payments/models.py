"""Payment attempts: cash on delivery, VietQR transfer, card (Stripe)."""
