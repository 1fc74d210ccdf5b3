/** The admin HTTP API of a node ({@link dev.strait.gateway.admin.NodeAdminApi}), free of any server type. */
package dev.strait.gateway.admin;
