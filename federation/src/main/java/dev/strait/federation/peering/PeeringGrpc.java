package dev.strait.federation.peering;

import dev.strait.federation.peering.proto.ExportMessage;
import dev.strait.federation.peering.proto.ImportReply;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * grpc-java descriptors for {@code strait.federation.v1.Peering}, built by hand from the protoc
 * messages because the protoc-gen-grpc-java plugin is not available to the build.
 */
final class PeeringGrpc {
    static final String SERVICE_NAME = "strait.federation.v1.Peering";

    /** {@code rpc Sync(stream ExportMessage) returns (stream ImportReply)}. */
    static final MethodDescriptor<ExportMessage, ImportReply> SYNC = MethodDescriptor.<ExportMessage, ImportReply>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Sync"))
            .setRequestMarshaller(ProtoUtils.marshaller(ExportMessage.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ImportReply.getDefaultInstance()))
            .build();

    private PeeringGrpc() {}

    static ServerServiceDefinition service(ServerCalls.BidiStreamingMethod<ExportMessage, ImportReply> sync) {
        return ServerServiceDefinition.builder(SERVICE_NAME)
                .addMethod(SYNC, ServerCalls.asyncBidiStreamingCall(sync))
                .build();
    }
}
