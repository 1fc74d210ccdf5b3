/**
 * Deploying a region on a platform: {@link dev.strait.gateway.deploy.KubernetesManifests} renders
 * the Kubernetes objects that run one region (behind {@code strait deploy kubernetes}), after
 * {@link dev.strait.gateway.deploy.KubernetesRegionCheck} has checked that the region fits them;
 * {@link dev.strait.gateway.deploy.ShutdownBudget} says how long a stopping node may take: the pods'
 * grace period follows from it, and the systemd unit's (deploy/systemd) stop timeout is checked
 * against it. See docs/deploy-kubernetes.md and docs/deploy-systemd.md.
 */
package dev.strait.gateway.deploy;
