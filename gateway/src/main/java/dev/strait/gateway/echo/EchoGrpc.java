package dev.strait.gateway.echo;

import com.google.protobuf.Descriptors;
import dev.strait.gateway.echo.proto.EchoProto;
import dev.strait.gateway.echo.proto.EchoReply;
import dev.strait.gateway.echo.proto.EchoRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * grpc-java descriptors for the {@code strait.echo.v1.Echo} service, built from the protoc
 * messages because the protoc-gen-grpc-java plugin is not available to the build.
 */
public final class EchoGrpc {
    public static final String SERVICE_NAME = "strait.echo.v1.Echo";

    /** {@code rpc Unary(EchoRequest) returns (EchoReply)}. */
    public static final MethodDescriptor<EchoRequest, EchoReply> UNARY = method("Unary");

    /** {@code rpc Chat(stream EchoRequest) returns (stream EchoReply)}. */
    public static final MethodDescriptor<EchoRequest, EchoReply> CHAT = method("Chat");

    private EchoGrpc() {}

    /** Calls Unary and waits for the reply; a non-OK status arrives as {@link io.grpc.StatusRuntimeException}. */
    public static EchoReply unary(Channel channel, EchoRequest request) {
        return ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, request);
    }

    /** Opens a Chat stream: send requests to the returned observer, replies arrive on {@code replies}. */
    public static StreamObserver<EchoRequest> chat(Channel channel, StreamObserver<EchoReply> replies) {
        return ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), replies);
    }

    private static MethodDescriptor<EchoRequest, EchoReply> method(String name) {
        Descriptors.MethodDescriptor method = EchoProto.getDescriptor().findServiceByName("Echo").findMethodByName(name);
        MethodDescriptor.MethodType type;
        if (method.isClientStreaming()) {
            type = method.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING : MethodDescriptor.MethodType.CLIENT_STREAMING;
        } else {
            type = method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY;
        }
        return MethodDescriptor.<EchoRequest, EchoReply>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, name))
                .setRequestMarshaller(ProtoUtils.marshaller(EchoRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(EchoReply.getDefaultInstance()))
                .build();
    }
}
