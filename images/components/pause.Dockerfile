# The pod sandbox image: zerodrop's own pause binary (images/pause).
FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
