// The connection indicator every page's header carries: status, transport and round-trip time of a client.

/** Keeps #connection, #status, #transport and #rtt (where the page has them) in step with the client. */
export function showConnection(client) {
  const $ = (id) => document.getElementById(id);
  client.onStatus(({ status, transport, rtt }) => {
    $("connection").dataset.status = status;
    $("status").textContent = status;
    if ($("transport")) $("transport").textContent = transport ?? "—";
    if ($("rtt")) $("rtt").textContent = rtt == null ? "" : `${rtt} ms`;
  });
}
