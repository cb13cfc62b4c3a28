# The zerodrop kind node image, stage 2: stage 1 plus containerd's state with every component image
# imported into the k8s.io namespace. The context holds containerd.tar (a /var/lib/containerd tree).
ARG STAGE=zerodrop/node-stage:v1.34.4
FROM ${STAGE}
ADD containerd.tar /var/lib/containerd/
