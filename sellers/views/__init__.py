from .public import seller_detail

__all__ = ["seller_detail"]
