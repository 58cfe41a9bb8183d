// Citation graph: hovering a node lights up its edges and the nodes at their other ends.
(function () {
  const svg = document.getElementById("citation-graph");
  if (!svg) return;
  const edges = Array.from(svg.querySelectorAll(".edge"));
  const nodes = new Map(Array.from(svg.querySelectorAll(".node")).map(n => [n.dataset.node, n]));
  function light(id, on) {
    edges.forEach(e => {
      if (e.dataset.from === id || e.dataset.to === id) {
        e.classList.toggle("hot", on);
        const other = nodes.get(e.dataset.from === id ? e.dataset.to : e.dataset.from);
        if (other) other.classList.toggle("hot", on);
      }
    });
    const self = nodes.get(id);
    if (self) self.classList.toggle("hot", on);
  }
  nodes.forEach((node, id) => {
    node.addEventListener("mouseenter", () => light(id, true));
    node.addEventListener("mouseleave", () => light(id, false));
    node.addEventListener("focus", () => light(id, true));
    node.addEventListener("blur", () => light(id, false));
  });
})();
