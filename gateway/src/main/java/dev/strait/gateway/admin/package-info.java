/**
 * The admin HTTP API of a node ({@link dev.strait.gateway.admin.NodeAdminApi}), free of any server type;
 * {@link dev.strait.gateway.admin.AdminTokenCheck} lets only calls with the admin token change anything.
 */
package dev.strait.gateway.admin;
