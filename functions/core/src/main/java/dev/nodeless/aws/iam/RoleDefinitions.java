package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What each of the bootstrap's roles must look like, as pure data (no AWS calls). */
public final class RoleDefinitions {

    public static final String CLUSTER = "cluster";
    public static final String FARGATE = "fargate";
    public static final String NODE = "node";
    public static final List<String> BASE_ROLES = List.of(CLUSTER, FARGATE, NODE);

    public static final String KARPENTER = "karpenter";
    public static final String LOAD_BALANCER_CONTROLLER = "load-balancer-controller";
    public static final String EXTERNAL_DNS = "external-dns";
    public static final String EBS_CSI_DRIVER = "ebs-csi-driver";
    public static final List<String> IRSA_ROLES = List.of(KARPENTER, LOAD_BALANCER_CONTROLLER, EXTERNAL_DNS, EBS_CSI_DRIVER);
    /** AWS's managed policy for the EBS CSI driver's controller (create, attach, snapshot volumes it tags). */
    public static final String EBS_CSI_DRIVER_POLICY = "service-role/AmazonEBSCSIDriverPolicy";

    private final ClusterSpec spec;
    private final ResourceNames names;
    private final AwsAccount account;

    public RoleDefinitions(ClusterSpec spec, AwsAccount account) {
        this.spec = spec;
        this.names = new ResourceNames(spec.clusterName());
        this.account = account;
    }

    /** The cluster, Fargate pod execution and Karpenter node roles. */
    public RoleDefinition base(String kind) {
        return switch (kind) {
            case CLUSTER -> new RoleDefinition(names.clusterRole(),
                    PolicyDocuments.serviceTrust("eks.amazonaws.com", null),
                    List.of(account.awsManagedPolicy("AmazonEKSClusterPolicy")), Map.of(), Optional.empty());
            // aws:SourceArn keeps other clusters' Fargate profiles in this account from using the role (confused deputy).
            case FARGATE -> new RoleDefinition(names.fargatePodExecutionRole(),
                    PolicyDocuments.serviceTrust("eks-fargate-pods.amazonaws.com",
                            account.arn("eks", "fargateprofile/" + spec.clusterName() + "/*")),
                    List.of(account.awsManagedPolicy("AmazonEKSFargatePodExecutionRolePolicy")), Map.of(), Optional.empty());
            case NODE -> new RoleDefinition(names.nodeRole(),
                    PolicyDocuments.serviceTrust("ec2.amazonaws.com", null),
                    List.of(account.awsManagedPolicy("AmazonEKSWorkerNodePolicy"),
                            account.awsManagedPolicy("AmazonEKS_CNI_Policy"),
                            account.awsManagedPolicy("AmazonEC2ContainerRegistryPullOnly"),
                            account.awsManagedPolicy("AmazonSSMManagedInstanceCore")),
                    Map.of(), Optional.of(names.nodeInstanceProfile()));
            default -> throw new InvalidStepInputException("unknown IAM role target '" + kind + "'; expected one of " + BASE_ROLES);
        };
    }

    /** Whether the spec wants this IRSA role at all (the controllers can be switched off). */
    public boolean irsaWanted(String kind) {
        return switch (kind) {
            case KARPENTER -> true;
            case LOAD_BALANCER_CONTROLLER -> enabled(spec.addons() == null || spec.addons().loadBalancerController() == null
                    ? null : spec.addons().loadBalancerController().enabled());
            case EXTERNAL_DNS -> spec.addons() != null && spec.addons().externalDns() != null && enabled(spec.addons().externalDns().enabled());
            case EBS_CSI_DRIVER -> enabled(spec.addons() == null || spec.addons().ebsCsiDriver() == null ? null : spec.addons().ebsCsiDriver().enabled());
            default -> throw new InvalidStepInputException("unknown IRSA role target '" + kind + "'; expected one of " + IRSA_ROLES);
        };
    }

    public String irsaRoleName(String kind) {
        return switch (kind) {
            case KARPENTER -> names.karpenterControllerRole();
            case LOAD_BALANCER_CONTROLLER -> names.loadBalancerControllerRole();
            case EXTERNAL_DNS -> names.externalDnsRole();
            case EBS_CSI_DRIVER -> names.ebsCsiDriverRole();
            default -> throw new InvalidStepInputException("unknown IRSA role target '" + kind + "'; expected one of " + IRSA_ROLES);
        };
    }

    /** An IRSA role trusting exactly the controller's service account through the cluster's OIDC provider. */
    public RoleDefinition irsa(String kind, String issuer, String providerArn) {
        Map<String, String> v = PolicyDocuments.placeholders(account, spec.clusterName());
        return switch (kind) {
            case KARPENTER -> {
                v.put("nodeRoleArn", account.roleArn(names.nodeRole()));
                v.put("queueArn", account.arn("sqs", names.interruptionQueue()));
                yield irsaRole(kind, issuer, providerArn, ResourceNames.KARPENTER_SA, "karpenter-controller",
                        PolicyDocuments.render("karpenter-controller.json", v));
            }
            case LOAD_BALANCER_CONTROLLER -> {
                v.put("discoveryTag", ResourceNames.DISCOVERY_TAG);
                yield irsaRole(kind, issuer, providerArn, ResourceNames.LOAD_BALANCER_CONTROLLER_SA, "load-balancer-controller",
                        PolicyDocuments.render("load-balancer-controller.json", v));
            }
            case EXTERNAL_DNS -> {
                String zone = spec.addons().externalDns().hostedZoneId();
                if (zone == null || zone.isBlank()) {
                    throw new InvalidStepInputException("addons.externalDns.hostedZoneId is required when ExternalDNS is enabled: "
                            + "its role may change records in that zone only");
                }
                v.put("hostedZoneId", zone.replaceFirst("^/?hostedzone/", ""));
                yield irsaRole(kind, issuer, providerArn, ResourceNames.EXTERNAL_DNS_SA, "external-dns",
                        PolicyDocuments.render("external-dns.json", v));
            }
            // AWS's managed policy, as eksctl and the add-on's documentation use: its writes are limited to volumes and
            // snapshots the driver tagged (ebs.csi.aws.com/cluster), so no inline copy of it is kept here.
            case EBS_CSI_DRIVER -> new RoleDefinition(irsaRoleName(kind),
                    PolicyDocuments.irsaTrust(providerArn, issuer, ResourceNames.EBS_CSI_CONTROLLER_SA.subject()),
                    List.of(account.awsManagedPolicy(EBS_CSI_DRIVER_POLICY)), Map.of(), Optional.empty());
            default -> throw new InvalidStepInputException("unknown IRSA role target '" + kind + "'; expected one of " + IRSA_ROLES);
        };
    }

    private RoleDefinition irsaRole(String kind, String issuer, String providerArn, ResourceNames.ServiceAccount sa,
                                    String policyName, String policy) {
        return new RoleDefinition(irsaRoleName(kind), PolicyDocuments.irsaTrust(providerArn, issuer, sa.subject()),
                List.of(), Map.of(policyName, policy), Optional.empty());
    }

    private static boolean enabled(Boolean flag) {
        return flag == null || flag;
    }
}
