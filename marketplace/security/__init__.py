"""Site-wide protections: security headers and Content-Security-Policy, request rate
limits, password sign-in lockout (django-axes) and safe serving of public media."""
