package dev.ebpfexporter.web;

/**
 * {@code tls_server_config.client_auth_type}: whether the server asks for a client certificate,
 * insists on one, and checks it against {@code client_ca_file}. The names and meanings are Go's
 * {@code tls.ClientAuthType}, which exporter-toolkit's web config uses.
 */
public enum ClientAuth {
    NoClientCert(false, false, false),
    /** Asks for a certificate but takes any, or none: identifies nothing. */
    RequestClientCert(true, false, false),
    /** Insists on a certificate but takes any: identifies nothing. */
    RequireAnyClientCert(true, true, false),
    VerifyClientCertIfGiven(true, false, true),
    /** The one mode that authenticates clients. */
    RequireAndVerifyClientCert(true, true, true);

    private final boolean requests;
    private final boolean requires;
    private final boolean verifies;

    ClientAuth(boolean requests, boolean requires, boolean verifies) {
        this.requests = requests;
        this.requires = requires;
        this.verifies = verifies;
    }

    /** The handshake asks the client for a certificate. */
    public boolean requests() {
        return requests;
    }

    /** A client without a certificate fails the handshake. */
    public boolean requires() {
        return requires;
    }

    /** A certificate the client sends must chain to {@code client_ca_file}. */
    public boolean verifies() {
        return verifies;
    }
}
