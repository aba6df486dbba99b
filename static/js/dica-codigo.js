// Dica de formato enquanto a pessoa digita o código: não bloqueia o envio, só orienta.
(function () {
  "use strict";
  var ALFABETO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  var PADRAO = "7 caracteres; o código nunca usa O, 0, I ou 1.";

  document.querySelectorAll("[data-dica-codigo]").forEach(function (campo) {
    var dica = document.querySelector(campo.getAttribute("data-dica-codigo"));
    if (!dica) return;
    var ultima = "";
    campo.addEventListener("input", function () {
      var limpo = campo.value.replace(/[\s-]/g, "").toUpperCase();
      var texto;
      if (!limpo) {
        texto = PADRAO;
      } else if (/[O0I1]/.test(limpo)) {
        texto = "O código nunca usa O, 0, I ou 1 — confira com quem te passou.";
      } else if (limpo.split("").some(function (c) { return ALFABETO.indexOf(c) < 0; })) {
        texto = "O código só tem letras e números (sem acentos ou símbolos).";
      } else if (limpo.length < 7) {
        var faltam = 7 - limpo.length;
        texto = "Falta" + (faltam > 1 ? "m " : " ") + faltam + " caractere" + (faltam > 1 ? "s" : "") + " (o código tem 7).";
      } else if (limpo.length > 7) {
        texto = "O código tem 7 caracteres; você digitou " + limpo.length + ".";
      } else {
        texto = "Formato certo: " + limpo + ". Toque em “Entrar no Grupo”.";
      }
      if (texto !== ultima) {
        dica.textContent = texto;
        ultima = texto;
      }
    });
  });
})();
