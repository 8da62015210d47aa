/* Colour mode (layouts/theme.py): the header's select keeps the choice in a cookie for a year and
   redraws the page, so the server draws pages and charts in that mode (no flash, no script needed
   to read it). Served locally like every asset. */
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select || select.id !== "colour-mode") { return; }
  document.cookie = "imc-farbmodus=" + encodeURIComponent(select.value) +
    "; max-age=31536000; path=/; SameSite=Lax";
  window.location.reload();
});
