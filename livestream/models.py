"""Live selling sessions (Facebook, TikTok, YouTube) linked to products."""
