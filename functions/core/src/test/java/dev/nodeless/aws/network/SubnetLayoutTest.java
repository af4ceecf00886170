package dev.nodeless.aws.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.InvalidStepInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetLayoutTest {

    @ParameterizedTest(name = "{0} over {1} AZs")
    @CsvSource(delimiter = ';', value = {
            "10.0.0.0/16; 2; 10.0.0.0/18 10.0.64.0/18; 10.0.192.0/22 10.0.196.0/22",
            "10.0.0.0/16; 3; 10.0.0.0/18 10.0.64.0/18 10.0.128.0/18; 10.0.192.0/22 10.0.196.0/22 10.0.200.0/22",
            "10.0.0.0/16; 4; 10.0.0.0/19 10.0.32.0/19 10.0.64.0/19 10.0.96.0/19; 10.0.224.0/23 10.0.226.0/23 10.0.228.0/23 10.0.230.0/23",
            "192.168.0.0/20; 2; 192.168.0.0/22 192.168.4.0/22; 192.168.12.0/26 192.168.12.64/26"})
    void plan_givesPrivateSubnetsMostSpace_andPutsPublicOnesInTheLastBlock(String cidr, int azs, String privates, String publics) {
        List<SubnetLayout.PlannedSubnet> plan = SubnetLayout.plan(cidr, azs);

        assertThat(plan).filteredOn(p -> p.tier().equals("private")).extracting(SubnetLayout.PlannedSubnet::cidr)
                .containsExactly(privates.split(" "));
        assertThat(plan).filteredOn(p -> p.tier().equals("public")).extracting(SubnetLayout.PlannedSubnet::cidr)
                .containsExactly(publics.split(" "));
    }

    @ParameterizedTest(name = "{0} over {1} AZs is rejected")
    @CsvSource(delimiter = ';', value = {
            "10.0.0.0/16; 1; between 2 and 15",
            "10.0.0.0/8; 2; between /16 and /24",
            "10.0.0.1/16; 2; host bits",
            "10.0.0.0/24; 4; too small",
            "10.0.300.0/16; 2; not an IPv4 CIDR",
            "ten/16; 2; not an IPv4 CIDR"})
    void plan_rejectsUnusableInput_sayingWhy(String cidr, int azs, String message) {
        assertThatThrownBy(() -> SubnetLayout.plan(cidr, azs)).isInstanceOf(InvalidStepInputException.class).hasMessageContaining(message);
    }
}
