# The machine and the images of this directory's snapshot (write.sh, run.sh).
# The images are scripts/fetch-linux --pinned's, checked by SHA-256 there.
kernel=Image-cloud-6.1.176-1
initrd=initramfs-pinned.cpio
ram=128M
smp=2
append='console=ttyAMA0 panic=-1'
save_at=50M
