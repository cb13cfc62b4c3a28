# kube-proxy needs iptables, nftables and conntrack; the base is a debootstrap bookworm minbase
# with the same nf_tables iptables backend as the node.
ARG BASE=zerodrop/debian-slim:bookworm
FROM ${BASE}
COPY kube-proxy /usr/local/bin/kube-proxy
