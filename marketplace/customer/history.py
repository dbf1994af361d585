"""Oscar's recently viewed products (its ``customer.history``), reading only product ids.

The list lives in a cookie the visitor can edit: anything in it but whole numbers (a
tampered or garbled list) is dropped, rather than reaching a query as a product id and
failing the page.
"""

from oscar.apps.customer import history


class CustomerHistoryManager(history.CustomerHistoryManager):
    @classmethod
    def extract(cls, request, response=None):
        return [pk for pk in super().extract(request, response) if type(pk) is int]
