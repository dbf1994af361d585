// Card form with Stripe Elements. The server learns the result from the signed webhook;
// this script only confirms the payment and goes back to the order page.
(function () {
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.key);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    stripe.confirmCardPayment(form.dataset.secret, { payment_method: { card: card } })
      .then(function (result) {
        if (result.error) {
          document.getElementById("card-error").textContent = result.error.message;
        } else {
          window.location = form.dataset.return;
        }
      });
  });
})();
