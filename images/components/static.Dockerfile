# One static binary in an empty image: kube-apiserver, kube-controller-manager, kube-scheduler, etcd.
# Context: a directory holding the binary. kubeadm's static pods call it by name through PATH.
FROM scratch
ARG BINARY
ENV PATH=/usr/local/bin:/usr/bin:/bin
COPY ${BINARY} /usr/local/bin/${BINARY}
