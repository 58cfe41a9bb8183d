// Review page: records ⇄ highlighted mentions ⇄ page boxes.
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function showTab(name) {
    $$(".tab").forEach(t => t.classList.toggle("active", t.dataset.tab === name));
    $$(".tab-body").forEach(b => { b.hidden = b.id !== "tab-" + name; });
  }

  function flash(elements) {
    elements.forEach(el => {
      el.classList.remove("flash");
      void el.getBoundingClientRect();  // restart the animation
      el.classList.add("flash");
      setTimeout(() => el.classList.remove("flash"), 2200);
    });
  }

  function selectRecord(recordId) {
    $$("tr.rec.selected").forEach(r => r.classList.remove("selected"));
    const row = document.getElementById(recordId);
    if (row) { row.classList.add("selected"); return row; }
    return null;
  }

  // Scroll the text (and the restored text) to a mention and flash the record's marks.
  function goToMention(mentionId, recordId, onPage) {
    if (onPage) {
      const box = $(`a.box[data-box-for="${mentionId}"]`);
      if (box) {
        showTab("pages");
        box.scrollIntoView({ block: "center", inline: "nearest" });
        flash([box]);
        selectRecord(recordId);
        return box;
      }
    }
    showTab("texts");
    const marks = $$(`#doc-text mark[data-m~="${mentionId}"]`);
    const target = marks[0] || document.getElementById(mentionId);
    if (target) target.scrollIntoView({ block: "center", inline: "nearest" });
    const twin = $(`#restored-text mark[data-m~="${mentionId}-r"]`);
    if (twin) twin.scrollIntoView({ block: "center", inline: "nearest" });
    const rid = recordId || (marks[0] && marks[0].dataset.r.split(" ")[0]);
    const all = rid ? $$(`mark[data-r~="${rid}"]`) : marks;
    flash(all.length ? all : marks);
    if (rid) selectRecord(rid);
    return target;
  }

  $$("tr.rec").forEach(row => {
    const open = event => {
      if (event.target.closest("a.goto")) return;
      if (row.dataset.first) goToMention(row.dataset.first, row.dataset.r, false);
      else selectRecord(row.dataset.r);
    };
    row.addEventListener("click", open);
    row.addEventListener("keydown", e => { if (e.key === "Enter") open(e); });
  });

  $$("a.goto").forEach(a => a.addEventListener("click", e => {
    e.preventDefault();
    const row = a.closest("tr.rec");
    goToMention(a.dataset.goto, row && row.dataset.r, a.dataset.onPage === "1");
    history.replaceState(null, "", "#" + a.dataset.goto);
  }));

  $$("a.box").forEach(a => a.addEventListener("click", e => {
    e.preventDefault();
    goToMention(a.dataset.goto, null, false);
  }));

  // Clicking highlighted text selects its record in the side table.
  $$("mark.hl").forEach(m => m.addEventListener("click", () => {
    const rid = m.dataset.r.split(" ")[0];
    const row = selectRecord(rid);
    if (row) row.scrollIntoView({ block: "nearest" });
    flash($$(`mark[data-r~="${rid}"]`));
  }));

  $$(".tab").forEach(t => t.addEventListener("click", () => showTab(t.dataset.tab)));
  $$(".legend input").forEach(box => box.addEventListener("change", () => {
    document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
  }));
  const words = $("#show-words");
  if (words) words.addEventListener("change", () => {
    document.body.classList.toggle("show-words", words.checked);
  });

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (/^m-[a-z]+-\d+-\d+$/.test(id)) {
      const parts = id.split("-");
      goToMention(id, `r-${parts[1]}-${parts[2]}`, false);
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
